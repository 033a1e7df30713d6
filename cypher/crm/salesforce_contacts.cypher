// Every Salesforce contact with the stance and influence the team judged, for a Data Loader update.
MATCH (s:Stakeholder {crmSource: 'salesforce'})
RETURN s.crmId AS id, s.stance AS stance, s.influence AS influence
ORDER BY id
