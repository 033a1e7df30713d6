// The people the captured addresses belong to: an employee's or stakeholder's own e-mail (compared
// lower-cased and trimmed), or an alias a user added; with every address each person is known by
// (so excluding one address of a person excludes the person) and, for stakeholders, whether they left.
// $searches are full-text queries for the addresses (graph/repositories/capture.py) on the person_email
// index; its hits are candidates, kept only when their address is one of $addresses.
CALL () {
  UNWIND $searches AS search
  CALL db.index.fulltext.queryNodes('person_email', search) YIELD node AS p
  WITH p WHERE toLower(trim(p.email)) IN $addresses
  RETURN p
  UNION
  MATCH (alias:EmailAlias)-[:ALIAS_OF]->(p) WHERE alias.id IN $addresses RETURN p
}
RETURN p.id AS id, CASE WHEN p:Employee THEN 'Employee' ELSE 'Stakeholder' END AS label,
       [address IN [toLower(trim(p.email))] + COLLECT { MATCH (a:EmailAlias)-[:ALIAS_OF]->(p) RETURN a.id }
        WHERE address IS NOT NULL] AS addresses
