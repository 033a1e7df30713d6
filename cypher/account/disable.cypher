// Disable an account and end its sessions in the same transaction: a disabled person is signed out
// at once. Disabling again keeps the first time.
MATCH (a:Account {id: $id})
SET a.disabledAt = coalesce(a.disabledAt, datetime()), a.updatedAt = datetime()
WITH a
OPTIONAL MATCH (s:Session {accountId: a.id})
DETACH DELETE s
WITH a, count(s) AS ended
OPTIONAL MATCH (e:Employee {id: a.employeeId})
RETURN a {.id, .email, .role, .employeeId, .createdAt, .disabledAt, name: coalesce(e.name, a.email)} AS account,
       ended
