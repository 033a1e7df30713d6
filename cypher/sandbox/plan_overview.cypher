// A plan with its decisions and its progress: order intake from contracts signed in the plan's
// year on projects at the plan's customer.
MATCH (plan:Plan {id: $planId})
OPTIONAL MATCH (plan)-[:FOR]->(customer:Customer)
CALL (plan) {
  OPTIONAL MATCH (plan)-[d:TARGETS|DECLINES]->(o:Opportunity)
  WITH d, o ORDER BY d.rank, o.id
  RETURN collect(CASE WHEN o IS NULL THEN null ELSE {
    opportunityId: o.id, name: o.name, decision: type(d), rank: d.rank, score: d.score, reason: d.reason,
    resourceCost: o.resourceCost
  } END) AS decisions
}
CALL (plan, customer) {
  OPTIONAL MATCH (customer)<-[:AT]-(:Project)-[:RESULTED_IN]->(contract:Contract)
  WHERE contract.signedAt.year = plan.year
  RETURN coalesce(sum(contract.value), 0) AS orderIntake, count(contract) AS contracts
}
RETURN plan {.*} AS plan, customer.id AS customerId, decisions, orderIntake, contracts
