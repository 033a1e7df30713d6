// The first edge of every path: which of the source employees KNOWS which of the people found.
UNWIND $ids AS stakeholderId
MATCH (e:Employee)-[k:KNOWS]->(:Stakeholder {id: stakeholderId})
WHERE e.id IN $employeeIds
RETURN e.id AS employee, e.name AS name, e.role AS role, stakeholderId AS stakeholder,
       k.strength AS strength
