MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, datetime()), k.updatedAt = datetime()
RETURN k {.id, .name, .role, .employeeId, .createdAt, .revokedAt} AS key
