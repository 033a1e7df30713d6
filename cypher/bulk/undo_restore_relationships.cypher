// Undo of an import's relationship updates: the fields the run changed take back their values before it.
UNWIND $rows AS row
MATCH (:__SOURCE__ {id: row.from})-[r:__TYPE__]->(:__TARGET__ {id: row.to})
WITH r, row, properties(r) AS before
SET r += row.props
RETURN row.from AS from, row.to AS to, before, properties(r) AS after
