// Erasure reaches the audit log: each entry keeps the fact of the change (when, who, which action,
// which fields) and loses the values.
UNWIND $entries AS scrubbed
MATCH (entry:AuditEntry {id: scrubbed.id})
SET entry.fields = scrubbed.fields, entry.before = null, entry.after = null, entry.erasedAt = datetime()
RETURN count(entry) AS scrubbed
