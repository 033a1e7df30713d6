// Seeded stage history: StageChange nodes with stable ids, so loading twice changes nothing.
UNWIND $rows AS row
MATCH (p:Project {id: row.projectId})
MERGE (c:StageChange {id: row.id})
ON CREATE SET c.createdAt = datetime()
SET c.stage = row.stage, c.fromStage = row.fromStage, c.at = row.at, c.by = row.by,
    c.overrideReason = row.overrideReason, c.updatedAt = datetime()
MERGE (p)-[:MOVED_TO]->(c)
RETURN count(c) AS merged
