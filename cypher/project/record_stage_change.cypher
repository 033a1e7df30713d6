// Stage history: one StageChange per move, with who moved it and, for a gate override, why.
// A new project's first stage (no $fromStage) is dated at its createdAt, as the migration dates it.
MATCH (p:Project {id: $projectId})
CREATE (p)-[:MOVED_TO]->(c:StageChange {
  id: $id, stage: $stage, fromStage: $fromStage, at: CASE WHEN $fromStage IS NULL THEN p.createdAt ELSE datetime() END, by: $by,
  overrideReason: $overrideReason, createdAt: datetime(), updatedAt: datetime()
})
RETURN c.id AS id
