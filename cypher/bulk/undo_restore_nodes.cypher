// Undo of an import's updates: the fields the run changed take back their values before it (a null
// removes a property the run added), returning each node before and after for the audit log.
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
WITH n, row, properties(n) AS before
SET n += row.props
RETURN n.id AS id, before, properties(n) AS after
