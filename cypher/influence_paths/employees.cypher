// Which of the given ids are employees (the rest are reported as unknown).
UNWIND $ids AS employeeId
MATCH (e:Employee {id: employeeId})
RETURN collect(e.id) AS found
