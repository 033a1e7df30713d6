// The audit entries of one bulk batch, in the batch's transaction: who (key or account, and employee, the same
// for the whole batch), when, what, and the values before and after (as JSON). `runId` names the
// import run (null for seeds), so the run can be reported and undone.
UNWIND $entries AS entry
CREATE (a:AuditEntry {
  id: entry.id, at: datetime(), runId: $runId, keyId: $keyId, accountId: $accountId, employeeId: $employeeId, action: entry.action,
  label: entry.label, entityId: entry.entityId, before: entry.before, after: entry.after,
  createdAt: datetime(), updatedAt: datetime()
})
RETURN count(a) AS recorded
