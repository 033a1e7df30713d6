MATCH (n:__LABEL__ {id: $id})
DETACH DELETE n
RETURN count(*) AS deleted
