// The target and the teams that cover its customer (the default sources of a search).
MATCH (target:Stakeholder {id: $targetId})
OPTIONAL MATCH (target)-[:WORKS_IN]->()-[:PART_OF*0..]->(customer:Customer)
OPTIONAL MATCH (customer)<-[:COVERS]-(:Team)<-[:MEMBER_OF]-(member:Employee)
RETURN target {.id, .name, .title, .stance} AS target,
       collect(DISTINCT member.id) AS coveringEmployees
