// Stage history written by bulk loads: a seeded or imported history (stable ids, so loading twice
// changes nothing, not even `updatedAt`), the first stage of a project an import creates without
// one, and a stage move an import makes (`at` null: now).
UNWIND $rows AS row
MATCH (p:Project {id: row.projectId})
MERGE (c:StageChange {id: row.id})
ON CREATE SET c.createdAt = datetime()
WITH p, row, c, properties(c) AS before
SET c.stage = row.stage, c.fromStage = row.fromStage, c.at = coalesce(row.at, datetime()), c.by = row.by,
    c.overrideReason = row.overrideReason
MERGE (p)-[:MOVED_TO]->(c)
WITH c, before WHERE properties(c) <> before
SET c.updatedAt = datetime()
RETURN count(c) AS merged
