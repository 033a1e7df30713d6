// Point a node at exactly the given targets through one relationship type (an API foreign key).
MATCH (source:__SOURCE__ {id: $nodeId})
OPTIONAL MATCH (source)-[old:__TYPE__]->(:__TARGET__)
DELETE old
WITH DISTINCT source
OPTIONAL MATCH (target:__TARGET__) WHERE target.id IN $otherIds
WITH source, collect(target) AS targets
FOREACH (target IN targets | MERGE (source)-[:__TYPE__]->(target))
RETURN [target IN targets | target.id] AS linked
