// The facts a power map judges each person by: who they are and where they work; their stance
// and influence as of $asOf (each from the latest assessment at or before it that gave one); who
// of ours knows them and how strongly, as of $asOf by the tie history; their last done activity up
// to the report date; and which competitors they lean to.
//
// A tie as of $asOf (README, "History rules"): with a tie history, its latest TieChange at or
// before $asOf (a removal means no tie), else the strength the earliest later change replaced
// (none: the tie did not exist yet); without any history, the current tie from its `since` on.
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})
OPTIONAL MATCH (s)-[:WORKS_IN]->(unit)
WITH s, head(collect(unit {.id, .name, kind: labels(unit)[0]})) AS orgUnit
CALL (s) {
  OPTIONAL MATCH (assessment:Assessment)-[:OF]->(s)
  WHERE $asOf IS NOT NULL AND assessment.at <= $asOf
  WITH assessment ORDER BY assessment.at DESC, assessment.id DESC
  WITH collect(assessment) AS assessments
  RETURN CASE WHEN assessments = [] THEN null ELSE {
    at: head(assessments).at,
    stance: head([a IN assessments WHERE a.stance IS NOT NULL]).stance,
    influence: head([a IN assessments WHERE a.influence IS NOT NULL]).influence
  } END AS assessment
}
CALL (s) {
  CALL (s) {
    MATCH (employee:Employee)-[:KNOWS]->(s) RETURN employee
    UNION
    MATCH (employee:Employee)-[:HAS_TIE_CHANGE]->(:TieChange)-[:TIE_TO]->(s) WHERE $asOf IS NOT NULL
    RETURN employee
  }
  OPTIONAL MATCH (employee)-[knows:KNOWS]->(s)
  WITH employee, knows,
       COLLECT { MATCH (employee)-[:HAS_TIE_CHANGE]->(change:TieChange)-[:TIE_TO]->(s)
                 RETURN change ORDER BY change.at, change.id } AS changes
  WITH employee, knows, changes,
       [change IN changes WHERE change.at <= $asOf] AS changesThen,
       knows IS NULL OR knows.since IS NULL OR knows.since <= date($asOf) AS begunThen
  WITH employee, knows, changes,
       CASE
         WHEN $asOf IS NULL THEN knows.strength
         WHEN changesThen <> [] THEN last(changesThen).strength
         WHEN changes <> [] AND begunThen THEN head(changes).previousStrength
         WHEN changes = [] AND begunThen THEN knows.strength
       END AS strength
  WHERE strength IS NOT NULL
  RETURN collect({
    employeeId: employee.id, name: employee.name, role: employee.role, strength: strength,
    targetStrength: knows.targetStrength,
    lastContact: coalesce(knows.lastContact, last(changes).lastContact)
  }) AS knownBy
}
CALL (s) {
  OPTIONAL MATCH (activity:Activity)-[:WITH]->(s)
  WHERE activity.status = 'done' AND date(activity.doneAt) <= $reportDate
  RETURN max(activity.doneAt) AS lastActivityAt
}
CALL (s) {
  OPTIONAL MATCH (s)-[aligned:ALIGNED_WITH]->(competitor:Competitor)
  RETURN collect(CASE WHEN competitor IS NULL THEN null ELSE {
    competitorId: competitor.id, name: competitor.name, strength: aligned.strength
  } END) AS alignments
}
RETURN s {.id, .name, .title, .level, .influence, .stance} AS stakeholder, orgUnit,
       assessment {.at, .stance, .influence} AS assessment, knownBy, lastActivityAt, alignments
