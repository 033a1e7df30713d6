// What depends on a node: every relationship pointing at it, plus the parts it owns
// (decision chains, contracts). History is part of what it describes and goes with it: a
// project's stage history, a stakeholder's assessments, a KNOWS tie's changes at either end.
// No row means no such node.
MATCH (n:__LABEL__ {id: $id})
OPTIONAL MATCH (n)-[r]-()
WHERE (startNode(r) <> n AND NOT type(r) IN ['MOVED_TO', 'OF', 'TIE_TO'])
   OR type(r) IN ['HAS_CHAIN', 'RESULTED_IN']
WITH n, type(r) AS type, count(r) AS count
WITH n, collect({type: type, count: count}) AS entries
RETURN [entry IN entries WHERE entry.type IS NOT NULL] AS dependents
