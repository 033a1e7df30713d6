// Every account, oldest first (never a password hash).
MATCH (a:Account)
OPTIONAL MATCH (e:Employee {id: a.employeeId})
RETURN a {.id, .email, .role, .employeeId, .createdAt, .disabledAt, name: coalesce(e.name, a.email)} AS account
ORDER BY a.createdAt, a.id
