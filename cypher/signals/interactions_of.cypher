// The interactions of the given stakeholders that can count between $from and $until: a meeting
// dated in it, a thread with a message in it (its first message at or before $until, its latest at
// or after $from), with everyone matched on them.
UNWIND $ids AS stakeholderId
MATCH (i:Interaction)-[:INVOLVES]->(:Stakeholder {id: stakeholderId})
WHERE i.startedAt <= $until AND i.at >= $from
WITH DISTINCT i
RETURN i.id AS id, i.kind AS kind, i.at AS at, i.participantCount AS participantCount, i.messages AS messages,
       COLLECT { MATCH (i)-[:INVOLVES]->(e:Employee) RETURN e.id } AS employees,
       COLLECT { MATCH (i)-[:INVOLVES]->(s:Stakeholder) RETURN s.id } AS stakeholders
ORDER BY id
