// What a scorecard's scope reaches: its customers (whose plans set targets) and its projects
// (whose contracts and stage moves are results). Employees answer for the projects they manage,
// teams and customers for the projects at the customers they are (or cover). Exactly one branch
// matches, so exactly one row comes back (none for an unknown scope): a branch that aggregates
// over nothing would yield an empty row of its own, and the caller reads the first row.
CALL () {
  MATCH (p:Project {id: $scopeId}) WHERE $scopeKind = 'project'
  RETURN [p.id] AS projectIds, [] AS customerIds
  UNION
  MATCH (e:Employee {id: $scopeId}) WHERE $scopeKind = 'employee'
  RETURN COLLECT { MATCH (p:Project)-[:MANAGED_BY]->(e) RETURN DISTINCT p.id } AS projectIds,
         [] AS customerIds
  UNION
  MATCH (t:Team {id: $scopeId}) WHERE $scopeKind = 'team'
  RETURN COLLECT { MATCH (t)-[:COVERS]->(:Customer)<-[:AT]-(p:Project) RETURN DISTINCT p.id } AS projectIds,
         COLLECT { MATCH (t)-[:COVERS]->(c:Customer) RETURN DISTINCT c.id } AS customerIds
  UNION
  MATCH (c:Customer {id: $scopeId}) WHERE $scopeKind = 'customer'
  RETURN COLLECT { MATCH (p:Project)-[:AT]->(c) RETURN DISTINCT p.id } AS projectIds, [c.id] AS customerIds
}
RETURN projectIds, customerIds
