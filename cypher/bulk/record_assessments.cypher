// Assessments implied by a bulk write, as the API records them (cypher/assessment/record_change):
// a stance or influence change (`at` null: now) and the first judgement of a person the batch
// created (`onlyFirst`: written only when the person still has no assessment once the batch is
// written, so a history loaded beside them is not doubled). `byId` is the acting employee.
UNWIND $rows AS row
MATCH (s:Stakeholder {id: row.stakeholderId})
WITH s, row WHERE NOT row.onlyFirst OR NOT EXISTS { (s)<-[:OF]-(:Assessment) }
MERGE (a:Assessment {id: row.id})
ON CREATE SET a.createdAt = datetime()
SET a.at = coalesce(row.at, datetime()), a.stance = row.stance, a.influence = row.influence,
    a.previousStance = row.previousStance, a.previousInfluence = row.previousInfluence,
    a.note = row.note, a.updatedAt = datetime()
MERGE (a)-[:OF]->(s)
WITH a, row
OPTIONAL MATCH (e:Employee {id: row.byId})
FOREACH (employee IN CASE WHEN e IS NULL THEN [] ELSE [e] END | MERGE (a)-[:BY]->(employee))
RETURN count(a) AS recorded
