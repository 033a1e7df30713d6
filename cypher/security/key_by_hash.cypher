// The live key with this hash, and the customers its employee's teams cover.
MATCH (k:ApiKey {hash: $hash})
WHERE k.revokedAt IS NULL
OPTIONAL MATCH (:Employee {id: k.employeeId})-[:MEMBER_OF]->(:Team)-[:COVERS]->(c:Customer)
RETURN k {.id, .name, .role, .employeeId} AS key, collect(DISTINCT c.id) AS customers
