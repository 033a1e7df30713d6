// What the alerts judge each person by: name, current stance, when they left, their assessments
// (time and stance, in order), their reporting lines with `since`/`until`, and their done
// activities up to $until.
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})
RETURN s {.id, .name, .stance, .leftAt} AS person,
       COLLECT { MATCH (a:Assessment)-[:OF]->(s) WHERE a.at <= $until
                 RETURN a {.at, .stance} AS assessment ORDER BY a.at, a.id } AS assessments,
       COLLECT { MATCH (s)-[line:REPORTS_TO]->(boss:Stakeholder)
                 RETURN {id: boss.id, name: boss.name, since: line.since, until: line.until} AS boss } AS bosses,
       COLLECT { MATCH (activity:Activity)-[:WITH]->(s)
                 WHERE activity.status = 'done' AND activity.doneAt <= $until
                 RETURN activity.doneAt AS at ORDER BY at } AS activitiesDone
ORDER BY s.id
