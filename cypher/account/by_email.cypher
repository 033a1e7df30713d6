// The account with this e-mail, with its password hash, for sign-in (disabled accounts too: the
// caller refuses them with the same answer as a wrong password).
MATCH (a:Account {email: $email})
OPTIONAL MATCH (e:Employee {id: a.employeeId})
RETURN a {.id, .email, .role, .employeeId, .createdAt, .disabledAt, name: coalesce(e.name, a.email)} AS account,
       a.passwordHash AS passwordHash
