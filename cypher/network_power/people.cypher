// The customer's people for network power (DOMAIN.md, "Network power"): everyone working there, at
// any depth, who has not left by $today (a person who left is none of its people from leftAt on).
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..]->(customer)
WHERE s.leftAt IS NULL OR date(s.leftAt) > $today
WITH customer, s ORDER BY s.id
WITH customer, collect(DISTINCT s {.id, .name, .title, .level, .influence, .stance}) AS people
RETURN customer {.id, .name} AS customer, people
