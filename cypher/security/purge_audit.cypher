// Audit entries live for the retention period (a setting), then go.
MATCH (entry:AuditEntry)
WHERE entry.at < datetime() - duration({days: $retentionDays})
DETACH DELETE entry
RETURN count(*) AS purged
