// Stage history: one StageChange per move, with who moved it and, for a gate override, why.
MATCH (p:Project {id: $projectId})
CREATE (p)-[:MOVED_TO]->(c:StageChange {
  id: $id, stage: $stage, fromStage: $fromStage, at: datetime(), by: $by,
  overrideReason: $overrideReason, createdAt: datetime(), updatedAt: datetime()
})
RETURN c.id AS id
