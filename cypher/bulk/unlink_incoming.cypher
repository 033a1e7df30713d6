// A bulk load's link moves for an incoming link field (a decision chain's projectId: the project
// points at it): the relationships from other sources than the row keeps are removed, as the API's
// PUT and PATCH replace a link. Returns each removed one with its properties, for the audit.
UNWIND $rows AS row
MATCH (source:__SOURCE__)-[old:__TYPE__]->(target:__TARGET__ {id: row.id})
WHERE NOT source.id IN row.keep
WITH row, old, source, properties(old) AS props
DELETE old
RETURN collect({from: source.id, to: row.id, line: row.line, props: props}) AS rows
