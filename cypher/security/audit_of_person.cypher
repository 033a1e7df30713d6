// The audit entries about a person and about the assessments of them: what erasure scrubs.
MATCH (s:Stakeholder {id: $id})
OPTIONAL MATCH (a:Assessment)-[:OF]->(s)
WITH s.id AS personId, collect(a.id) AS assessmentIds
MATCH (entry:AuditEntry)
WHERE entry.entityId = personId OR entry.entityId IN assessmentIds
RETURN entry.id AS id, entry.before AS before, entry.after AS after
