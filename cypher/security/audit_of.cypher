MATCH (a:AuditEntry {entityId: $entityId})
RETURN a {.id, .at, .keyId, .employeeId, .action, .label, .entityId, .before, .after, .fields, .erasedAt} AS entry
ORDER BY a.at, a.id
LIMIT $limit
