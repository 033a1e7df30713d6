// The chains of a customer's open projects, and of its subsidiaries' (SUBSIDIARY_OF, however deep: a
// group's map rolls its subsidiaries up), with everyone who sits in them and their roles. Open:
// today, or with $asOf, at that instant by the one openness rule (README, "History rules";
// scorecards.stage_at): the latest stage move at or before it; a project without stage history is
// at its current stage from its createdAt on. Each seat is a row (the caller groups them by person);
// who works at the customer is a read of its own (power_map/customer_people), so this one stays
// small however large the customer is (one list of every person carried on every chain's row ran
// a 17,709-person customer out of transaction memory).
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (customer)<-[:SUBSIDIARY_OF*0..]-(:Customer)<-[:AT]-(p:Project)-[:HAS_CHAIN]->(chain:DecisionChain)
WITH customer, p, chain,
     CASE
       WHEN $asOf IS NULL THEN p.stage
       WHEN NOT EXISTS { (p)-[:MOVED_TO]->(:StageChange) } THEN
         CASE WHEN p.createdAt IS NULL OR p.createdAt <= $asOf THEN p.stage END
       ELSE head(COLLECT {
         MATCH (p)-[:MOVED_TO]->(change:StageChange) WHERE change.at <= $asOf
         RETURN change.stage ORDER BY change.at DESC LIMIT 1 })
     END AS stageThen
WITH customer, p, CASE WHEN stageThen IS NOT NULL AND NOT stageThen IN ['lost', 'delivery'] THEN chain END AS chain
OPTIONAL MATCH (s:Stakeholder)-[seat:IN_CHAIN]->(chain)
WITH customer, p, chain,
     collect(CASE WHEN s IS NOT NULL THEN {id: s.id, chainId: chain.id, chainKind: chain.kind, role: seat.role,
                                           step: seat.step, projectId: p.id} END) AS seats
ORDER BY chain.id
WITH customer, collect(chain {.id, .kind, .requiredRoles}) AS chains, collect(seats) AS seatsByChain
RETURN customer {.id, .name} AS scope, customer.id AS customerId, chains,
       COLLECT { UNWIND seatsByChain AS seats UNWIND seats AS seat RETURN seat } AS seats
