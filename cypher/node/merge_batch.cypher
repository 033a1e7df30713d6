// The one bulk upsert of nodes (seeds, imports, generated graphs): one UNWIND batch, MERGE on the
// constrained id. `props` holds the values the row gives (a null clears a property), `defaults` the
// model's defaults, applied only to a node this batch creates, so a row that leaves a judged value
// out (a CRM contact has no influence) never resets it. Timestamps come from the row when it has
// them (an export read back), else now; a node the row does not change is left untouched.
// Returns each created or changed node with its values before and after, for the audit log and
// the history (assessments, stage changes) the change implies; `createdAt` and `updatedAt`, when
// zoned date-times (an old import may have stored a local one), as [epoch seconds, nanosecond, offset
// seconds], which the driver reads twenty times faster than a date-time (graph/records.py `restamp`).
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
ON CREATE SET n.createdAt = coalesce(row.createdAt, datetime())
WITH n, row, n.updatedAt IS NULL AS created
WITH n, row, created, CASE WHEN created THEN null ELSE properties(n) END AS before
SET n += row.props
SET n += CASE WHEN created THEN row.defaults ELSE {} END
WITH n, row, created, before
WHERE created OR properties(n) <> before
SET n.updatedAt = coalesce(row.updatedAt, datetime())
RETURN collect({
  id: n.id, line: row.line, created: created,
  before: CASE WHEN before IS NULL THEN null ELSE before {.*,
    createdAt: CASE WHEN before.createdAt IS :: ZONED DATETIME NOT NULL
      THEN [before.createdAt.epochSeconds, before.createdAt.nanosecond, before.createdAt.offsetSeconds]
      ELSE before.createdAt END,
    updatedAt: CASE WHEN before.updatedAt IS :: ZONED DATETIME NOT NULL
      THEN [before.updatedAt.epochSeconds, before.updatedAt.nanosecond, before.updatedAt.offsetSeconds]
      ELSE before.updatedAt END
  } END,
  after: n {.*,
    createdAt: CASE WHEN n.createdAt IS :: ZONED DATETIME NOT NULL
      THEN [n.createdAt.epochSeconds, n.createdAt.nanosecond, n.createdAt.offsetSeconds]
      ELSE n.createdAt END,
    updatedAt: CASE WHEN n.updatedAt IS :: ZONED DATETIME NOT NULL
      THEN [n.updatedAt.epochSeconds, n.updatedAt.nanosecond, n.updatedAt.offsetSeconds]
      ELSE n.updatedAt END
  }
}) AS rows
