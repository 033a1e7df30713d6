// One account as an admin sees it (never its password hash).
MATCH (a:Account {id: $id})
OPTIONAL MATCH (e:Employee {id: a.employeeId})
RETURN a {.id, .email, .role, .employeeId, .createdAt, .disabledAt, name: coalesce(e.name, a.email)} AS account
