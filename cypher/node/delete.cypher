// Delete a node nothing depends on, with its own stage history (projects only have one).
MATCH (n:__LABEL__ {id: $id})
OPTIONAL MATCH (n)-[:MOVED_TO]->(history:StageChange)
WITH n, collect(history) AS history
FOREACH (change IN history | DETACH DELETE change)
DETACH DELETE n
RETURN count(*) AS deleted
