// How many people work at the customer, at any depth (leavers included: a size, for choosing where
// a cold network power analysis is computed, not a definition).
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..]->(customer)
RETURN count(DISTINCT s) AS people
