// PUT semantics: the node ends up with exactly $props (plus id and timestamps); createdAt survives.
OPTIONAL MATCH (existing:__LABEL__ {id: $id})
WITH existing {.*} AS before
MERGE (n:__LABEL__ {id: $id})
WITH n, before, coalesce(before.createdAt, datetime()) AS createdAt
SET n = $props
SET n.id = $id, n.createdAt = createdAt, n.updatedAt = datetime()
RETURN n {.*} AS node, before
