// Who an alias address points to now (null when it is new).
OPTIONAL MATCH (:EmailAlias {id: $address})-[:ALIAS_OF]->(p)
RETURN p.id AS personId, CASE WHEN p:Employee THEN 'Employee' WHEN p IS NULL THEN null ELSE 'Stakeholder' END AS label
