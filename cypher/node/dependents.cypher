// What depends on a node: every relationship pointing at it, plus the parts it owns
// (decision chains, contracts, stage history). No row means no such node.
MATCH (n:__LABEL__ {id: $id})
OPTIONAL MATCH (n)-[r]-()
WHERE startNode(r) <> n OR type(r) IN ['HAS_CHAIN', 'RESULTED_IN', 'MOVED_TO']
WITH type(r) AS type, count(r) AS count
RETURN [entry IN collect({type: type, count: count}) WHERE entry.type IS NOT NULL] AS dependents
