// PUT semantics: the relationship ends up with exactly $props (absent properties are removed).
MATCH (:__SOURCE__ {id: $fromId})-[r:__TYPE__]->(:__TARGET__ {id: $toId})
SET r = $props
RETURN properties(r) AS properties
