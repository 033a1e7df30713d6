// A project's team: its manager and the members of the teams covering its customer.
MATCH (p:Project {id: $projectId})
OPTIONAL MATCH (p)-[:MANAGED_BY]->(manager:Employee)
OPTIONAL MATCH (p)-[:AT]->(:Customer)<-[:COVERS]-(:Team)<-[:MEMBER_OF]-(member:Employee)
WITH p, collect(DISTINCT manager.id) + collect(DISTINCT member.id) AS team
RETURN p.id AS projectId, [id IN team WHERE id IS NOT NULL] AS team
