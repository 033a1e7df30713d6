// The facts a power map judges each person by: who they are and where they work; their stance
// and influence as of $asOf (the latest assessment at or before it); who of ours knows them and
// how well (relationships begun after $asOf left out); their last done activity up to the
// report date; and which competitors they lean to.
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})
OPTIONAL MATCH (s)-[:WORKS_IN]->(unit)
WITH s, head(collect(unit {.id, .name, kind: labels(unit)[0]})) AS orgUnit
CALL (s) {
  OPTIONAL MATCH (assessment:Assessment)-[:OF]->(s)
  WHERE $asOf IS NOT NULL AND assessment.at <= $asOf
  RETURN assessment ORDER BY assessment.at DESC LIMIT 1
}
CALL (s) {
  OPTIONAL MATCH (employee:Employee)-[knows:KNOWS]->(s)
  WHERE $asOf IS NULL OR knows.since IS NULL OR knows.since <= date($asOf)
  RETURN collect(CASE WHEN employee IS NULL THEN null ELSE {
    employeeId: employee.id, name: employee.name, role: employee.role, strength: knows.strength,
    targetStrength: knows.targetStrength, lastContact: knows.lastContact
  } END) AS knownBy
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
