// An address a person is also known by (one person per address: a new owner replaces the old).
OPTIONAL MATCH (e:Employee {id: $personId})
OPTIONAL MATCH (s:Stakeholder {id: $personId})
WITH coalesce(e, s) AS p
WHERE p IS NOT NULL
MERGE (alias:EmailAlias {id: $address})
ON CREATE SET alias.createdAt = datetime()
SET alias.updatedAt = datetime()
WITH alias, p
CALL (alias, p) {
  OPTIONAL MATCH (alias)-[old:ALIAS_OF]->(other) WHERE other <> p
  DELETE old
}
MERGE (alias)-[:ALIAS_OF]->(p)
RETURN alias.id AS address, p.id AS personId, CASE WHEN p:Employee THEN 'Employee' ELSE 'Stakeholder' END AS label
