// The names of the employees and stakeholders among the given ids (an unknown id is left out).
CALL () {
  MATCH (p:Employee) WHERE p.id IN $ids RETURN p
  UNION
  MATCH (p:Stakeholder) WHERE p.id IN $ids RETURN p
}
RETURN p.id AS id, p.name AS name
