MATCH (source:__SOURCE__ {id: $fromId}), (target:__TARGET__ {id: $toId})
CREATE (source)-[r:__TYPE__]->(target)
SET r = $props
RETURN properties(r) AS properties
