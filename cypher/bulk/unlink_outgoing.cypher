// A bulk load's link moves (graph/transfer.py `_move_links`): the relationships behind one outgoing
// link field of each row's node that point at another node than the row keeps are removed, as the
// API's PUT and PATCH replace a link. Returns each removed one with its properties, for the audit.
UNWIND $rows AS row
MATCH (source:__SOURCE__ {id: row.id})-[old:__TYPE__]->(target:__TARGET__)
WHERE NOT target.id IN row.keep
WITH row, old, target, properties(old) AS props
DELETE old
RETURN collect({from: row.id, to: target.id, line: row.line, props: props}) AS rows
