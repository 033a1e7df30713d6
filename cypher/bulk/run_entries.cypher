// The audit entries one import run wrote (its creates, updates and, once undone, its undo), oldest
// first, so an undo can tell each entity's value before the run from its value after it.
MATCH (a:AuditEntry {runId: $runId})
RETURN a.action AS action, a.label AS label, a.entityId AS entityId, a.before AS before, a.after AS after
ORDER BY a.at, a.id
