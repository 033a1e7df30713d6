// The plan a customer has for a year, if any.
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (plan:Plan {year: $year})-[:FOR]->(customer)
RETURN customer.id AS customerId, plan {.id, .year, .budget, .orderTarget} AS plan
