// Bulk upsert for seeds and imports: one UNWIND batch, MERGE on the constrained id.
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
ON CREATE SET n.createdAt = datetime()
SET n += row.props, n.updatedAt = datetime()
RETURN count(n) AS merged
