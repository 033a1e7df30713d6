// Record a selection on a plan: TARGETS for the chosen, DECLINES (with the reason) for the rest,
// each with its rank and score. MERGE leaves decisions already as wanted unchanged.
MATCH (plan:Plan {id: $planId})
UNWIND $decisions AS d
MATCH (o:Opportunity {id: d.opportunityId})
CALL (plan, o, d) {
  WITH plan, o, d WHERE d.type = 'TARGETS'
  MERGE (plan)-[r:TARGETS]->(o)
  SET r.rank = d.rank, r.score = d.score
  RETURN count(r) AS written
UNION ALL
  WITH plan, o, d WHERE d.type = 'DECLINES'
  MERGE (plan)-[r:DECLINES]->(o)
  SET r.rank = d.rank, r.score = d.score, r.reason = d.reason
  RETURN count(r) AS written
}
RETURN sum(written) AS written
