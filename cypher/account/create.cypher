// A person's account: an e-mail (lower-cased, unique), the argon2 hash of their password (never the
// password), a role, and the employee they are. Only created for an existing employee.
MATCH (e:Employee {id: $employeeId})
CREATE (a:Account {id: $id, email: $email, passwordHash: $passwordHash, role: $role, employeeId: e.id,
                   createdAt: datetime(), updatedAt: datetime()})
RETURN a {.id, .email, .role, .employeeId, .createdAt, .disabledAt, name: e.name} AS account
