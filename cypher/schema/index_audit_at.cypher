// Audit entries past the retention period are purged at start by their time.
CREATE INDEX audit_entry_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)
