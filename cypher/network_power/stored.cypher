// The network power and camp written back on the given people (null where none was written).
UNWIND $ids AS stakeholderId
MATCH (s:Stakeholder {id: stakeholderId})
RETURN s.id AS id, s.networkPower AS networkPower, s.camp AS camp
ORDER BY id
