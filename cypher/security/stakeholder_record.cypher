// Everything held about one person: their properties, every relationship with what is at the
// other end, and the assessments of them.
MATCH (s:Stakeholder {id: $id})
CALL (s) {
  OPTIONAL MATCH (s)-[r]-(other)
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {
    type: type(r), direction: CASE WHEN startNode(r) = s THEN 'out' ELSE 'in' END,
    otherLabel: labels(other)[0], otherId: other.id, properties: properties(r)
  } END) AS relationships
}
CALL (s) {
  OPTIONAL MATCH (a:Assessment)-[:OF]->(s)
  WITH a ORDER BY a.at
  RETURN collect(a {.*}) AS assessments
}
RETURN s {.*} AS person, relationships, assessments
