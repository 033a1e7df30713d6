// Which of the given ids name a stored node of one label. A validation pass needs no more than that of
// a relationship's ends; the values of a node are read only for the node rows that change it.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
RETURN collect(n.id) AS ids
