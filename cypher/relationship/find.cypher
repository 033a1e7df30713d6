// Both ends and the relationship between them, so the caller can say which one is missing.
OPTIONAL MATCH (source:__SOURCE__ {id: $fromId})
OPTIONAL MATCH (target:__TARGET__ {id: $toId})
OPTIONAL MATCH (source)-[r:__TYPE__]->(target)
RETURN source IS NOT NULL AS sourceExists,
       target IS NOT NULL AS targetExists,
       properties(r) AS properties
