// Start-up migration (idempotent): every project without stage history gets its first StageChange,
// its current stage at its createdAt, so every view reads openness from the history alone.
MATCH (p:Project)
WHERE p.stage IS NOT NULL AND NOT EXISTS { (p)-[:MOVED_TO]->(:StageChange) }
CREATE (p)-[:MOVED_TO]->(first:StageChange {
  id: 'stg-first-' + p.id, stage: p.stage, at: coalesce(p.createdAt, datetime()),
  createdAt: datetime(), updatedAt: datetime()
})
RETURN count(first) AS recorded
