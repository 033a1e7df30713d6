// GET /audit?entity=ID reads an entity's history.
CREATE INDEX audit_entity IF NOT EXISTS FOR (n:AuditEntry) ON (n.entityId)
