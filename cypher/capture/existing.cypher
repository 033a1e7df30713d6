// The stored interactions among the given ids, with the people on them.
UNWIND $ids AS interactionId
MATCH (i:Interaction {id: interactionId})
RETURN i {.*} AS interaction,
       COLLECT { MATCH (i)-[:INVOLVES]->(e:Employee) RETURN e.id } AS employees,
       COLLECT { MATCH (i)-[:INVOLVES]->(s:Stakeholder) RETURN s.id } AS stakeholders
