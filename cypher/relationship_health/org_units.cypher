// Every org unit of a customer, however deep: the denominator of broad coverage.
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (unit:OrgUnit)-[:PART_OF*1..]->(customer)
RETURN collect(DISTINCT unit.id) AS units
