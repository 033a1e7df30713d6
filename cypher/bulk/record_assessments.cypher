// Assessments implied by a bulk write, as the API records them (cypher/assessment/record_change):
// a stance or influence change (`at` null: now) and the first judgement of a person the batch
// created (dated at its creation, with a stable id, so a re-applied batch writes it once).
// `byId` is the acting employee.
UNWIND $rows AS row
MATCH (s:Stakeholder {id: row.stakeholderId})
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
