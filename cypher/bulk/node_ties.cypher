// The relationships of nodes an import created, other than the history hanging off them (their
// assessments and stage changes, which an undo deletes with them), so an undo can refuse when a
// person tied something to them since.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})-[r]-(other)
WHERE NOT (type(r) = 'OF' AND other:Assessment) AND NOT type(r) = 'MOVED_TO'
RETURN n.id AS id, type(r) AS type, startNode(r).id AS from, endNode(r).id AS to
