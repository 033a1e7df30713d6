// Reading a lineage backwards from a signed result: its project and that project's opportunity.
MATCH (c:Contract {id: $contractId})
OPTIONAL MATCH (p:Project)-[:RESULTED_IN]->(c)
OPTIONAL MATCH (p)-[:PURSUES]->(o:Opportunity)
RETURN c.id AS contractId, p.id AS projectId, o.id AS opportunityId
