// What a scorecard's scope reaches: its customers (whose plans set targets) and its projects
// (whose contracts and stage moves are results). Employees answer for the projects they manage,
// teams for the customers they cover.
CALL () {
  MATCH (p:Project {id: $scopeId}) WHERE $scopeKind = 'project'
  OPTIONAL MATCH (p)-[:AT]->(c:Customer)
  RETURN collect(DISTINCT p.id) AS projectIds, [] AS customerIds
  UNION
  MATCH (e:Employee {id: $scopeId}) WHERE $scopeKind = 'employee'
  OPTIONAL MATCH (p:Project)-[:MANAGED_BY]->(e)
  RETURN collect(DISTINCT p.id) AS projectIds, [] AS customerIds
  UNION
  MATCH (t:Team {id: $scopeId}) WHERE $scopeKind = 'team'
  OPTIONAL MATCH (t)-[:COVERS]->(c:Customer)
  OPTIONAL MATCH (p:Project)-[:AT]->(c)
  RETURN collect(DISTINCT p.id) AS projectIds, collect(DISTINCT c.id) AS customerIds
  UNION
  MATCH (c:Customer {id: $scopeId}) WHERE $scopeKind = 'customer'
  OPTIONAL MATCH (p:Project)-[:AT]->(c)
  RETURN collect(DISTINCT p.id) AS projectIds, [c.id] AS customerIds
}
RETURN projectIds, customerIds
