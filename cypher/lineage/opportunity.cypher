// Where an opportunity came from and what it became. Upstream: the insights it derives from, each
// once, with the activities that surfaced it and everyone who raised it (by name). The plan decisions: targeted or
// declined, with the reason. Downstream: the ids of the projects pursuing it (read by projects).
MATCH (o:Opportunity {id: $opportunityId})
OPTIONAL MATCH (o)-[:AT]->(customer:Customer)
CALL (o) {
  OPTIONAL MATCH (o)-[:DERIVED_FROM]->(insight:Insight)
  OPTIONAL MATCH (activity:Activity)-[:SURFACED]->(insight)
  OPTIONAL MATCH (activity)-[:OWNED_BY]->(owner:Employee)
  WITH insight, activity, owner ORDER BY activity.plannedAt, activity.id
  WITH insight,
       collect(activity {.id, .type, .title, .status, .plannedAt, .doneAt,
                         owner: owner {.id, .name, .role}}) AS surfacedBy
  ORDER BY insight.foundAt, insight.id
  RETURN collect(insight {.id, .summary, .channel, .layer, .foundAt,
                          raisedBy: COLLECT { MATCH (insight)-[:RAISED_BY]->(raiser:Stakeholder)
                                              RETURN raiser {.id, .name, .title} ORDER BY raiser.name, raiser.id },
                          surfacedBy: surfacedBy}) AS insights
}
CALL (o) {
  OPTIONAL MATCH (plan:Plan)-[decision:TARGETS|DECLINES]->(o)
  WITH plan, decision ORDER BY plan.year
  RETURN collect(CASE WHEN plan IS NULL THEN null ELSE {
    planId: plan.id, year: plan.year,
    decision: CASE type(decision) WHEN 'TARGETS' THEN 'targeted' ELSE 'declined' END,
    reason: decision.reason, rank: decision.rank, score: decision.score
  } END) AS decisions
}
CALL (o) {
  OPTIONAL MATCH (project:Project)-[:PURSUES]->(o)
  WITH project ORDER BY project.id
  RETURN collect(project.id) AS projectIds
}
RETURN o {.id, .name, .horizon, .status, .marketSpace, .growthRate, .profitMargin,
          .competitiveIntensity, .resourceCost} AS opportunity,
       customer {.id, .name} AS customer, insights, decisions, projectIds
