// The live key behind an unexpired session with this token hash, and the customers its employee's
// teams cover (the same shape as security/key_by_hash). A revoked key ends its sessions at once.
MATCH (s:Session {hash: $hash})
WHERE s.expiresAt > datetime()
MATCH (k:ApiKey {id: s.keyId})
WHERE k.revokedAt IS NULL
OPTIONAL MATCH (:Employee {id: k.employeeId})-[:MEMBER_OF]->(:Team)-[:COVERS]->(c:Customer)
RETURN k {.id, .name, .role, .employeeId} AS key, s.expiresAt AS expiresAt, collect(DISTINCT c.id) AS customers
