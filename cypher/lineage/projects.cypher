// The downstream half of a lineage: each project with its stage history, its activities and
// every contract it resulted in (oldest signature first, then by id, so the order is stable).
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
  WITH activity, owner ORDER BY activity.plannedAt, activity.id
  RETURN collect(activity {.id, .type, .title, .status, .plannedAt, .doneAt, .rating, .outcome,
                           owner: owner {.id, .name, .role}}) AS activities
}
RETURN p {.id, .name, .stage, .value, manager: manager {.id, .name, .role}} AS project,
       stageHistory, activities,
       COLLECT { MATCH (p)-[:RESULTED_IN]->(contract:Contract)
                 RETURN contract {.id, .name, .value, .signedAt} ORDER BY contract.signedAt, contract.id } AS contracts
