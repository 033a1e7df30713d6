// Make exactly the given sources point at a node through one relationship type.
MATCH (target:__TARGET__ {id: $nodeId})
OPTIONAL MATCH (:__SOURCE__)-[old:__TYPE__]->(target)
DELETE old
WITH DISTINCT target
OPTIONAL MATCH (source:__SOURCE__) WHERE source.id IN $otherIds
WITH target, collect(source) AS sources
FOREACH (source IN sources | MERGE (source)-[:__TYPE__]->(target))
RETURN [source IN sources | source.id] AS linked
