// What a bid review needs besides the power map: the project, its manager, and the gate
// overrides recorded in its stage history.
MATCH (p:Project {id: $projectId})
OPTIONAL MATCH (p)-[:MANAGED_BY]->(manager:Employee)
OPTIONAL MATCH (p)-[:MOVED_TO]->(change:StageChange)
WHERE change.overrideReason IS NOT NULL
WITH p, manager, change ORDER BY change.at
RETURN p {.id, .name, .stage} AS project, manager {.id, .name, .role} AS manager,
       collect(change {.at, .by, .stage, reason: change.overrideReason}) AS overrides
