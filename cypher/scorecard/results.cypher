// The results side of a scorecard: each project's stage moves and contracts (and when it was
// created, which dates a project without stage history), and the plans of the scope's customers.
CALL () {
  UNWIND $projectIds AS projectId
  MATCH (p:Project {id: projectId})
  RETURN collect({
    id: p.id, stage: p.stage, createdAt: p.createdAt,
    moves: [(p)-[:MOVED_TO]->(c:StageChange) | {stage: c.stage, at: c.at}],
    contracts: [(p)-[:RESULTED_IN]->(k:Contract) | {value: k.value, signedAt: k.signedAt}]
  }) AS projects
}
CALL () {
  UNWIND $customerIds AS customerId
  MATCH (plan:Plan)-[:FOR]->(:Customer {id: customerId})
  RETURN collect(plan {.year, .orderTarget, customerId: customerId}) AS plans
}
RETURN projects, plans
