// Bulk import of one label: MERGE on the constrained id; timestamps kept when the row has them
// (an export read back), else set now.
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n += row.props
SET n.createdAt = coalesce(row.createdAt, n.createdAt, datetime()),
    n.updatedAt = coalesce(row.updatedAt, datetime())
RETURN count(n) AS merged
