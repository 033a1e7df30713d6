// Before recording a selection: remove the plan's decisions that the new selection does not keep
// (an opportunity no longer ranked, or one whose decision flips between TARGETS and DECLINES).
MATCH (plan:Plan {id: $planId})-[old:TARGETS|DECLINES]->(o:Opportunity)
WHERE NOT {opportunityId: o.id, type: type(old)} IN [d IN $decisions | {opportunityId: d.opportunityId, type: d.type}]
DELETE old
RETURN count(*) AS dropped
