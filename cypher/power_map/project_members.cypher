// The members of a project's decision chains, each with every role they hold (a person can sit
// in two chains with two roles), and the chains with their required roles.
MATCH (p:Project {id: $projectId})
OPTIONAL MATCH (p)-[:AT]->(customer:Customer)
OPTIONAL MATCH (p)-[:HAS_CHAIN]->(chain:DecisionChain)
WITH p, customer, chain ORDER BY chain.id
WITH p, customer, collect(chain {.id, .kind, .requiredRoles}) AS chains
OPTIONAL MATCH (p)-[:HAS_CHAIN]->(c:DecisionChain)<-[seat:IN_CHAIN]-(s:Stakeholder)
WITH p, customer, chains, s,
     collect(CASE WHEN s IS NULL THEN null
             ELSE {chainId: c.id, chainKind: c.kind, role: seat.role, step: seat.step, projectId: p.id}
             END) AS roles
RETURN p {.id, .name, .stage} AS scope, customer.id AS customerId, chains,
       [member IN collect({id: s.id, roles: roles}) WHERE member.id IS NOT NULL] AS members
