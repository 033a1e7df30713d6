// The people of a scope whose departures matter: a project's chain members, or everyone working at
// a customer (at any depth).
CALL () {
  MATCH (:Project {id: $scopeId})-[:HAS_CHAIN]->(:DecisionChain)<-[:IN_CHAIN]-(s:Stakeholder)
  WHERE $scopeKind = 'project' RETURN s
  UNION
  MATCH (s:Stakeholder)-[:WORKS_IN]->()-[:PART_OF]->{0,}(:Customer {id: $scopeId})
  WHERE $scopeKind = 'customer' RETURN s
}
RETURN collect(s.id) AS ids
