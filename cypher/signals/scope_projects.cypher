// The projects of a scope (one project, or every project at a customer) with their stage, close
// date and decision chains: each chain's required roles and its members with their roles.
CALL () {
  MATCH (p:Project {id: $scopeId}) WHERE $scopeKind = 'project' RETURN p
  UNION
  MATCH (p:Project)-[:AT]->(:Customer {id: $scopeId}) WHERE $scopeKind = 'customer' RETURN p
}
OPTIONAL MATCH (p)-[:HAS_CHAIN]->(chain:DecisionChain)
WITH p, chain ORDER BY chain.id
WITH p, collect(CASE WHEN chain IS NULL THEN null ELSE {
  id: chain.id, requiredRoles: coalesce(chain.requiredRoles, []),
  members: COLLECT { MATCH (chain)<-[seat:IN_CHAIN]-(s:Stakeholder)
                     RETURN {id: s.id, role: seat.role} AS member ORDER BY s.id, seat.role }
} END) AS chains
RETURN p {.id, .name, .stage, .closeDate} AS project, chains
ORDER BY p.id
