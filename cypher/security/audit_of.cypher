MATCH (a:AuditEntry {entityId: $entityId})
RETURN a {.id, .at, .keyId, .accountId, .employeeId, .action, .label, .entityId, .before, .after, .fields, .erasedAt} AS entry
ORDER BY a.at, a.id
LIMIT $limit
