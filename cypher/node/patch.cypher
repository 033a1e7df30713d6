// PATCH semantics: only the given properties change; a null removes a property.
MATCH (n:__LABEL__ {id: $id})
WITH n, n {.*} AS before
SET n += $props, n.updatedAt = datetime()
RETURN n {.*} AS node, before
