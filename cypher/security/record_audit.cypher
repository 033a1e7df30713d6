// One audit entry: who (key or account, and employee), when, what, and the values before and after (as JSON).
CREATE (a:AuditEntry {
  id: $id, at: datetime(), keyId: $keyId, accountId: $accountId, employeeId: $employeeId, action: $action, label: $label,
  entityId: $entityId, before: $before, after: $after, createdAt: datetime(), updatedAt: datetime()
})
RETURN a.id AS id
