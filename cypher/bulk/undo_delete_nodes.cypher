// Undo of an import's creates: each node goes with the history derived for it (its assessments and
// stage changes); its relationships were checked to be the run's own.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
OPTIONAL MATCH (n)<-[:OF]-(assessment:Assessment)
OPTIONAL MATCH (n)-[:MOVED_TO]->(stage:StageChange)
WITH n, collect(DISTINCT assessment) + collect(DISTINCT stage) AS history
FOREACH (record IN history | DETACH DELETE record)
DETACH DELETE n
RETURN count(*) AS deleted
