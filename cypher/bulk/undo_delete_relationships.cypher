// Undo of an import's relationship creates, by type and ends.
UNWIND $rows AS row
MATCH (:__SOURCE__ {id: row.from})-[r:__TYPE__]->(:__TARGET__ {id: row.to})
DELETE r
RETURN count(*) AS deleted
