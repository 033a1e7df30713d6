// Everyone working at a customer (directly or in one of its org units, however deep), or at one of
// its subsidiaries (SUBSIDIARY_OF, however deep: a group's map rolls its subsidiaries up), with the
// roles they hold in the chains of those customers' projects that are open: today, or with $asOf,
// at that instant by the one openness rule (README, "History rules"; scorecards.stage_at): the
// latest stage move at or before it; a project without stage history is at its current stage from
// its createdAt on.
MATCH (customer:Customer {id: $customerId})
OPTIONAL MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..]->(:Customer)-[:SUBSIDIARY_OF*0..]->(customer)
WITH customer, collect(DISTINCT s) AS people
OPTIONAL MATCH (customer)<-[:SUBSIDIARY_OF*0..]-(:Customer)<-[:AT]-(p:Project)-[:HAS_CHAIN]->(chain:DecisionChain)
WITH customer, people, chain,
     CASE
       WHEN $asOf IS NULL THEN p.stage
       WHEN NOT EXISTS { (p)-[:MOVED_TO]->(:StageChange) } THEN
         CASE WHEN p.createdAt IS NULL OR p.createdAt <= $asOf THEN p.stage END
       ELSE head(COLLECT {
         MATCH (p)-[:MOVED_TO]->(change:StageChange) WHERE change.at <= $asOf
         RETURN change.stage ORDER BY change.at DESC LIMIT 1 })
     END AS stageThen
ORDER BY chain.id
WITH customer, people,
     collect(CASE WHEN stageThen IS NOT NULL AND NOT stageThen IN ['lost', 'delivery']
             THEN chain {.id, .kind, .requiredRoles} END) AS chains
UNWIND (CASE WHEN people = [] THEN [null] ELSE people END) AS s
OPTIONAL MATCH (s)-[seat:IN_CHAIN]->(c:DecisionChain)<-[:HAS_CHAIN]-(p:Project)
WHERE c.id IN [chain IN chains | chain.id]
WITH customer, chains, s,
     collect(CASE WHEN c IS NULL THEN null
             ELSE {chainId: c.id, chainKind: c.kind, role: seat.role, step: seat.step, projectId: p.id}
             END) AS roles
RETURN customer {.id, .name} AS scope, customer.id AS customerId, chains,
       [member IN collect({id: s.id, roles: roles}) WHERE member.id IS NOT NULL] AS members
