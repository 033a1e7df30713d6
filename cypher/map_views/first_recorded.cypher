// When each person was first recorded: the earliest dated fact about them (the node's createdAt,
// an assessment, a KNOWS tie's `since` or a change of one, a done activity with them). A person
// imported with older history was known then, so "new since" reads all of it, not only createdAt.
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})
WITH s, [s.createdAt]
        + COLLECT { MATCH (a:Assessment)-[:OF]->(s) RETURN a.at }
        + COLLECT { MATCH (:Employee)-[k:KNOWS]->(s) WHERE k.since IS NOT NULL
                    RETURN datetime({date: k.since, timezone: 'UTC'}) }
        + COLLECT { MATCH (:Employee)-[:HAS_TIE_CHANGE]->(c:TieChange)-[:TIE_TO]->(s) RETURN c.at }
        + COLLECT { MATCH (a:Activity)-[:WITH]->(s) WHERE a.status = 'done' RETURN a.doneAt } AS moments
WITH s, [m IN moments WHERE m IS NOT NULL] AS moments
RETURN s.id AS id,
       reduce(first = null, m IN moments | CASE WHEN first IS NULL OR m < first THEN m ELSE first END)
         AS firstRecorded
