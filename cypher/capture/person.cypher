// One person (employee or stakeholder) by id, with every address they are known by.
OPTIONAL MATCH (e:Employee {id: $id})
OPTIONAL MATCH (s:Stakeholder {id: $id})
WITH coalesce(e, s) AS p
WHERE p IS NOT NULL
RETURN p.id AS id, CASE WHEN p:Employee THEN 'Employee' ELSE 'Stakeholder' END AS label,
       [address IN [toLower(trim(p.email))] + COLLECT { MATCH (a:EmailAlias)-[:ALIAS_OF]->(p) RETURN a.id }
        WHERE address IS NOT NULL] AS addresses
