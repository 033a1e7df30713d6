// Import runs are reported and undone by their id (graph/import_undo.py).
CREATE INDEX audit_entry_run IF NOT EXISTS FOR (n:AuditEntry) ON (n.runId)
