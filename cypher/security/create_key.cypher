// An API key: only its SHA-256 hash is stored, never the key itself.
MERGE (k:ApiKey {id: $id})
ON CREATE SET k.createdAt = datetime()
SET k.name = $name, k.role = $role, k.hash = $hash, k.employeeId = $employeeId, k.updatedAt = datetime()
RETURN k {.id, .name, .role, .employeeId, .createdAt, .revokedAt} AS key
