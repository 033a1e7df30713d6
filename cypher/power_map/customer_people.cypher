// Everyone working at a customer (directly or in one of its org units, however deep), or at one of
// its subsidiaries (SUBSIDIARY_OF, however deep), by id.
MATCH (customer:Customer {id: $customerId})
RETURN COLLECT {
  MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..]->(:Customer)-[:SUBSIDIARY_OF*0..]->(customer)
  RETURN DISTINCT s.id AS id ORDER BY id
} AS ids
