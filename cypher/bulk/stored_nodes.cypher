// The stored values of the nodes of one label a bulk load names (those that exist), so a validation
// pass and a batch can judge each row against them: what it changes, which judged values the team
// owns (graph/ownership.py), which ends a relationship row finds.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
RETURN n.id AS id, properties(n) AS props
