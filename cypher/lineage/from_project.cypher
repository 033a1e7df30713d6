// Reading a lineage backwards: the opportunity a project pursues (none for a project that
// started without a sandbox entry).
MATCH (p:Project {id: $projectId})
OPTIONAL MATCH (p)-[:PURSUES]->(o:Opportunity)
RETURN p.id AS projectId, o.id AS opportunityId
