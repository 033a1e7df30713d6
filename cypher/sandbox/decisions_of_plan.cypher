// A plan's current decisions (what a new selection replaces), for the audit log.
MATCH (plan:Plan {id: $planId})-[d:TARGETS|DECLINES]->(o:Opportunity)
RETURN o.id AS opportunityId, type(d) AS type, d.rank AS rank, d.score AS score, d.reason AS reason
ORDER BY d.rank, o.id
