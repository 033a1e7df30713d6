// The stored values of the nodes of one label a bulk load names (those that exist), so a validation
// pass and a batch can judge each row against them: what it changes, which judged values the team
// owns (graph/ownership.py), which ends a relationship row finds. Without `$stamps` the bookkeeping
// times come back null (`restamp` leaves them out): judging needs none, and each date-time costs the
// Python driver about 40 µs to read, more than the rest of the node. An undo compares them.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
RETURN collect({
  id: n.id,
  props: CASE WHEN $stamps THEN properties(n) ELSE n {.*, createdAt: null, updatedAt: null} END
}) AS rows
