// One audit entry: who (key and employee), when, what, and the values before and after (as JSON).
CREATE (a:AuditEntry {
  id: $id, at: datetime(), keyId: $keyId, employeeId: $employeeId, action: $action, label: $label,
  entityId: $entityId, before: $before, after: $after, createdAt: datetime(), updatedAt: datetime()
})
RETURN a.id AS id
