// Every activity of a scope: a project's, a team's (owned by its members), an employee's (owned),
// or a customer's (for its projects or with its people).
CALL () {
  MATCH (a:Activity)-[:FOR_PROJECT]->(:Project {id: $scopeId}) WHERE $scopeKind = 'project' RETURN a
  UNION
  MATCH (a:Activity)-[:OWNED_BY]->(:Employee {id: $scopeId}) WHERE $scopeKind = 'employee' RETURN a
  UNION
  MATCH (a:Activity)-[:OWNED_BY]->(:Employee)-[:MEMBER_OF]->(:Team {id: $scopeId})
  WHERE $scopeKind = 'team' RETURN a
  UNION
  MATCH (a:Activity)-[:FOR_PROJECT]->(:Project)-[:AT]->(:Customer {id: $scopeId})
  WHERE $scopeKind = 'customer' RETURN a
  UNION
  MATCH (a:Activity)-[:WITH]->(:Stakeholder)-[:WORKS_IN]->()-[:PART_OF*0..]->(:Customer {id: $scopeId})
  WHERE $scopeKind = 'customer' RETURN a
}
OPTIONAL MATCH (a)-[:OWNED_BY]->(owner:Employee)
OPTIONAL MATCH (a)-[:FOR_PROJECT]->(project:Project)
RETURN a {.id, .type, .title, .status, .plannedAt, .doneAt, .rating, owner: owner {.id, .name},
          projectId: project.id} AS activity
ORDER BY a.plannedAt, a.id
