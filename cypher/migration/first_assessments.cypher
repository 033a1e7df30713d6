// Start-up migration (idempotent): every stakeholder whose first judgement was never recorded gets
// one Assessment at its createdAt, so "as of" views know the past as well as the present. With no
// assessment at all, the first judgement is today's stance and influence; when the earliest
// assessment is a recorded change made after creation, it is that change's previous values.
// Assessments dated at or before createdAt (seeded or imported history) mean nothing is missing.
MATCH (s:Stakeholder)
WHERE s.stance IS NOT NULL OR s.influence IS NOT NULL
CALL (s) {
  OPTIONAL MATCH (earliest:Assessment)-[:OF]->(s)
  RETURN earliest ORDER BY earliest.at LIMIT 1
}
WITH s, earliest, coalesce(s.createdAt, datetime()) AS createdAt
WHERE earliest IS NULL
   OR (earliest.at > createdAt
       AND (earliest.previousStance IS NOT NULL OR earliest.previousInfluence IS NOT NULL))
CREATE (first:Assessment {
  id: 'asm-first-' + s.id, at: createdAt,
  stance: CASE WHEN earliest IS NULL THEN s.stance ELSE earliest.previousStance END,
  influence: CASE WHEN earliest IS NULL THEN s.influence ELSE earliest.previousInfluence END,
  note: 'first judgement, recorded when the history began', createdAt: datetime(), updatedAt: datetime()
})-[:OF]->(s)
RETURN count(first) AS recorded
