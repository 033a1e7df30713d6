MATCH (k:ApiKey)
RETURN k {.id, .name, .role, .employeeId, .createdAt, .revokedAt} AS key
ORDER BY k.createdAt, k.id
