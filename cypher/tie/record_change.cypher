// One change of a KNOWS tie kept as history (graph/model.py, "The history of a KNOWS tie"):
// $strength is null when the tie was removed, $previousStrength null when it was created. A new
// tie stated as known `since` an earlier day is recorded at the start of that day, so "as of" views
// see it from when the person says it began; every other change is recorded now.
MATCH (employee:Employee {id: $employeeId}), (s:Stakeholder {id: $stakeholderId})
WITH employee, s,
     CASE WHEN $previousStrength IS NULL AND $since IS NOT NULL AND datetime({date: $since}) < datetime()
          THEN datetime({date: $since}) ELSE datetime() END AS at
CREATE (employee)-[:HAS_TIE_CHANGE]->(change:TieChange {
  id: $id, at: at, strength: $strength, previousStrength: $previousStrength, lastContact: $lastContact,
  createdAt: datetime(), updatedAt: datetime()
})-[:TIE_TO]->(s)
RETURN change.id AS id
