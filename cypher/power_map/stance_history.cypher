// Every assessment of the given people, oldest first, with who made it: the raw material of
// "who moved, from what to what".
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})<-[:OF]-(a:Assessment)
OPTIONAL MATCH (a)-[:BY]->(e:Employee)
RETURN s.id AS stakeholderId, s.name AS name, a.id AS assessmentId, a.at AS at,
       a.stance AS stance, a.influence AS influence, a.previousStance AS previousStance,
       a.previousInfluence AS previousInfluence, a.note AS note,
       e {.id, .name, .role} AS by
ORDER BY stakeholderId, at
