// Which competitors the given people lean to, and how strongly: what a camp's lean is judged from.
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})-[aligned:ALIGNED_WITH]->(competitor:Competitor)
RETURN s.id AS stakeholderId, competitor.id AS competitorId, competitor.name AS name,
       aligned.strength AS strength
ORDER BY stakeholderId, competitorId
