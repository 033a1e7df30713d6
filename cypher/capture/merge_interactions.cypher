// Write captured interactions (MERGE on the constrained id, a hash of the source id, so re-capture
// is idempotent): their properties, and INVOLVES edges to exactly the people given.
UNWIND $rows AS row
MERGE (i:Interaction {id: row.id})
ON CREATE SET i.createdAt = datetime()
SET i += row.props, i.updatedAt = datetime()
WITH i, row
CALL (i, row) {
  OPTIONAL MATCH (i)-[old:INVOLVES]->(p)
  WHERE NOT p.id IN row.employees + row.stakeholders
  DELETE old
}
CALL (i, row) {
  UNWIND row.employees AS employeeId
  MATCH (e:Employee {id: employeeId})
  MERGE (i)-[:INVOLVES]->(e)
}
CALL (i, row) {
  UNWIND row.stakeholders AS stakeholderId
  MATCH (s:Stakeholder {id: stakeholderId})
  MERGE (i)-[:INVOLVES]->(s)
}
RETURN count(i) AS written
