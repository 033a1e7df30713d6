// Every seat of a Salesforce contact in the chain of a Salesforce opportunity, for a Data Loader update.
MATCH (s:Stakeholder {crmSource: 'salesforce'})-[seat:IN_CHAIN]->(:DecisionChain)<-[:HAS_CHAIN]-
      (p:Project {crmSource: 'salesforce'})
RETURN seat.crmId AS id, p.crmId AS opportunityId, s.crmId AS contactId, seat.role AS role,
       coalesce(seat.step = 1, false) AS primary
ORDER BY opportunityId, contactId
