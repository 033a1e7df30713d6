// A customer's sandbox: its opportunities with the four ranking factors and resource cost.
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (o:Opportunity)-[:AT]->(customer)
WHERE ($horizon IS NULL OR o.horizon = $horizon) AND ($status IS NULL OR o.status = $status)
WITH customer, o ORDER BY o.id
RETURN customer {.id, .name} AS customer,
       collect(o {.id, .name, .horizon, .status, .marketSpace, .growthRate, .profitMargin,
                  .competitiveIntensity, .resourceCost}) AS opportunities
