// A new node with a server-chosen id. The id constraint turns a clash into a ConstraintError.
CREATE (n:__LABEL__)
SET n = $props
SET n.id = $id, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN n {.*} AS node
