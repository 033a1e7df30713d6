MATCH (:__SOURCE__ {id: $fromId})-[r:__TYPE__]->(:__TARGET__ {id: $toId})
DELETE r
RETURN count(*) AS deleted
