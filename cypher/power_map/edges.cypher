// Reports-to, influence and conflict lines among the people on a map.
UNWIND $ids AS stakeholderId
MATCH (a:Stakeholder {id: stakeholderId})-[r:REPORTS_TO|INFLUENCES|CONFLICTS_WITH]->(b:Stakeholder)
WHERE b.id IN $ids
RETURN type(r) AS type, a.id AS source, b.id AS target, r.strength AS strength, r.kind AS kind
ORDER BY type, source, target
