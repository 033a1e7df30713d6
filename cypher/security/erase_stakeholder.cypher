// Erase a person's personal data: name, title, e-mail and notes go (the name becomes a stable
// pseudonym); their role in the graph stays (level, influence, stance, relationships,
// assessments without their notes), so maps and scorecards stay consistent.
MATCH (s:Stakeholder {id: $id})
SET s.name = $pseudonym, s.erasedAt = datetime(), s.updatedAt = datetime()
REMOVE s.title, s.email, s.notes
WITH s
OPTIONAL MATCH (a:Assessment)-[:OF]->(s)
REMOVE a.note
WITH s, count(a) AS assessments
RETURN s {.*} AS person, assessments
