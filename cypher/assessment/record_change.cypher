// A stance or influence change on a stakeholder is kept as an Assessment: when, by whom,
// the old and the new values. Power maps "as of" a date read these. A new person's first
// judgement ($first) is dated at their createdAt and has no previous values.
MATCH (s:Stakeholder {id: $stakeholderId})
CREATE (a:Assessment {
  id: $id, at: CASE WHEN $first THEN s.createdAt ELSE datetime() END, stance: s.stance, influence: s.influence,
  previousStance: $previousStance, previousInfluence: $previousInfluence, note: $note,
  createdAt: datetime(), updatedAt: datetime()
})-[:OF]->(s)
WITH a
OPTIONAL MATCH (e:Employee {id: $byId})
FOREACH (employee IN CASE WHEN e IS NULL THEN [] ELSE [e] END | CREATE (a)-[:BY]->(employee))
RETURN a.id AS id
