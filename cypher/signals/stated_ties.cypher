// The stated KNOWS ties of the given stakeholders as they stood at $asOf (an instant): by the tie
// history (README, "History rules"), its latest TieChange at or before $asOf (a removal: no tie),
// else the strength the earliest later change replaced, else the current tie from its `since` on.
// `statedAt` is when that strength was set: the tie's own `statedAt` when it has one by then, else
// the time of that TieChange (none known for a tie without history: it counts as stated before any
// interaction).
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})
CALL (s) {
  MATCH (employee:Employee)-[:KNOWS]->(s) RETURN employee
  UNION
  MATCH (employee:Employee)-[:HAS_TIE_CHANGE]->(:TieChange)-[:TIE_TO]->(s) RETURN employee
}
OPTIONAL MATCH (employee)-[knows:KNOWS]->(s)
WITH s, employee, knows,
     COLLECT { MATCH (employee)-[:HAS_TIE_CHANGE]->(change:TieChange)-[:TIE_TO]->(s)
               RETURN change ORDER BY change.at, change.id } AS changes
WITH s, employee, knows, changes, [change IN changes WHERE change.at <= $asOf] AS changesThen,
     knows IS NULL OR knows.since IS NULL OR knows.since <= date($asOf) AS begunThen
WITH s, employee, knows, changes, changesThen,
     CASE
       WHEN changesThen <> [] THEN {strength: last(changesThen).strength, at: last(changesThen).at,
                                    lastContact: last(changesThen).lastContact}
       WHEN changes <> [] AND begunThen THEN {strength: head(changes).previousStrength, at: null, lastContact: null}
       WHEN changes = [] AND begunThen THEN {strength: knows.strength, at: null, lastContact: knows.lastContact}
     END AS tie
WHERE tie.strength IS NOT NULL
RETURN s.id AS stakeholderId, employee.id AS employeeId, employee.name AS employeeName,
       tie.strength AS strength,
       CASE WHEN knows.statedAt IS NOT NULL AND knows.statedAt <= $asOf THEN knows.statedAt ELSE tie.at END
         AS statedAt,
       CASE WHEN knows.lastContact IS NOT NULL AND date(knows.lastContact) <= date($asOf) THEN knows.lastContact
            ELSE tie.lastContact END AS lastContact
ORDER BY stakeholderId, employeeId
