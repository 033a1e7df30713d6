// Who an unexpired session with this token hash belongs to: its live key or its enabled account
// (one of the two), and the customers that key's or account's employee's teams cover. A revoked key
// or a disabled account ends its sessions at once.
MATCH (s:Session {hash: $hash})
WHERE s.expiresAt > datetime()
OPTIONAL MATCH (k:ApiKey {id: s.keyId})
WHERE k.revokedAt IS NULL
OPTIONAL MATCH (a:Account {id: s.accountId})
WHERE a.disabledAt IS NULL
WITH s, k, a
WHERE k IS NOT NULL OR a IS NOT NULL
OPTIONAL MATCH (named:Employee {id: a.employeeId})
OPTIONAL MATCH (:Employee {id: coalesce(k.employeeId, a.employeeId)})-[:MEMBER_OF]->(:Team)-[:COVERS]->(c:Customer)
RETURN CASE WHEN k IS NULL THEN null ELSE k {.id, .name, .role, .employeeId} END AS key,
       CASE WHEN a IS NULL THEN null
            ELSE a {.id, .email, .role, .employeeId, .createdAt, .disabledAt, name: coalesce(named.name, a.email)}
       END AS account,
       collect(DISTINCT c.id) AS customers
