// What one filter of an alert watch list reaches (powermap/services/watch_list.py): a team the
// customers it covers; an employee the projects they manage, and the customers of those projects and
// of their teams; a project itself and its customer. One row for a known id, none for an unknown one.
CALL () {
  MATCH (t:Team {id: $scopeId}) WHERE $scopeKind = 'team'
  RETURN COLLECT { MATCH (t)-[:COVERS]->(c:Customer) RETURN DISTINCT c.id } AS customerIds, [] AS projectIds
  UNION
  MATCH (e:Employee {id: $scopeId}) WHERE $scopeKind = 'employee'
  RETURN COLLECT {
           MATCH (e)-[:MEMBER_OF]->(:Team)-[:COVERS]->(c:Customer) RETURN c.id AS id
           UNION
           MATCH (p:Project)-[:MANAGED_BY]->(e) MATCH (p)-[:AT]->(c:Customer)
           RETURN c.id AS id
         } AS customerIds,
         COLLECT { MATCH (p:Project)-[:MANAGED_BY]->(e) RETURN DISTINCT p.id } AS projectIds
  UNION
  MATCH (p:Project {id: $scopeId}) WHERE $scopeKind = 'project'
  RETURN COLLECT { MATCH (p)-[:AT]->(c:Customer) RETURN DISTINCT c.id } AS customerIds, [p.id] AS projectIds
}
RETURN customerIds, projectIds
