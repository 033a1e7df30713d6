// Name and role of the given employees (the ties only interactions give have no KNOWS to read them from).
UNWIND $ids AS employeeId
MATCH (e:Employee {id: employeeId})
RETURN e.id AS id, e.name AS name, e.role AS role
