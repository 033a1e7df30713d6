// Delete a node nothing depends on, with its own history: a project's stage changes, a
// stakeholder's assessments, the changes of the KNOWS ties at either end.
MATCH (n:__LABEL__ {id: $id})
OPTIONAL MATCH (n)-[history:MOVED_TO|OF|TIE_TO|HAS_TIE_CHANGE]-(record:StageChange|Assessment|TieChange)
WITH n, collect(DISTINCT record) AS history
FOREACH (record IN history | DETACH DELETE record)
DETACH DELETE n
RETURN count(*) AS deleted
