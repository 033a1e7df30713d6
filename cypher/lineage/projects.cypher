// The downstream half of a lineage: each project with its stage history, its activities and
// the contract it resulted in.
UNWIND $projectIds AS projectId
MATCH (p:Project {id: projectId})
OPTIONAL MATCH (p)-[:MANAGED_BY]->(manager:Employee)
CALL (p) {
  OPTIONAL MATCH (p)-[:MOVED_TO]->(change:StageChange)
  WITH change ORDER BY change.at
  RETURN collect(change {.stage, .fromStage, .at, .by, .overrideReason}) AS stageHistory
}
CALL (p) {
  OPTIONAL MATCH (activity:Activity)-[:FOR_PROJECT]->(p)
  OPTIONAL MATCH (activity)-[:OWNED_BY]->(owner:Employee)
  WITH activity, owner ORDER BY activity.plannedAt
  RETURN collect(activity {.id, .type, .title, .status, .plannedAt, .doneAt, .rating, .outcome,
                           owner: owner {.id, .name, .role}}) AS activities
}
CALL (p) {
  OPTIONAL MATCH (p)-[:RESULTED_IN]->(contract:Contract)
  RETURN head(collect(contract {.id, .name, .value, .signedAt})) AS contract
}
RETURN p {.id, .name, .stage, .value, manager: manager {.id, .name, .role}} AS project,
       stageHistory, activities, contract
