// Everyone working at a customer (directly or in one of its org units, however deep), with the
// roles they hold in the chains of the customer's projects that are still open.
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..8]->(customer)
WITH customer, collect(DISTINCT s) AS people
OPTIONAL MATCH (customer)<-[:AT]-(p:Project)-[:HAS_CHAIN]->(chain:DecisionChain)
WHERE NOT p.stage IN ['lost', 'delivery']
WITH customer, people, chain ORDER BY chain.id
WITH customer, people, collect(chain {.id, .kind, .requiredRoles}) AS chains
UNWIND (CASE WHEN people = [] THEN [null] ELSE people END) AS s
OPTIONAL MATCH (s)-[seat:IN_CHAIN]->(c:DecisionChain)<-[:HAS_CHAIN]-(p:Project)-[:AT]->(customer)
WHERE NOT p.stage IN ['lost', 'delivery']
WITH customer, chains, s,
     collect(CASE WHEN c IS NULL THEN null
             ELSE {chainId: c.id, chainKind: c.kind, role: seat.role, step: seat.step, projectId: p.id}
             END) AS roles
RETURN customer {.id, .name} AS scope, customer.id AS customerId, chains,
       [member IN collect({id: s.id, roles: roles}) WHERE member.id IS NOT NULL] AS members
