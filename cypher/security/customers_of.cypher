// The customers each node belongs to, walking up what owns it: child -> parent through PART_OF,
// WORKS_IN, AT, FOR, ABOUT, OF, FOR_PROJECT, RAISED_BY, and parent -> child through HAS_CHAIN,
// RESULTED_IN, MOVED_TO read backwards. Used to decide who may write it, and who sees notes.
UNWIND $ids AS nodeId
MATCH (n:__LABEL__ {id: nodeId})
OPTIONAL MATCH (n)((child)-[r]-(parent)
  WHERE (startNode(r) = child
         AND type(r) IN ['PART_OF', 'WORKS_IN', 'AT', 'FOR', 'ABOUT', 'OF', 'FOR_PROJECT', 'RAISED_BY'])
     OR (startNode(r) = parent AND type(r) IN ['HAS_CHAIN', 'RESULTED_IN', 'MOVED_TO'])
){0,8}(customer:Customer)
RETURN nodeId AS id, collect(DISTINCT customer.id) AS customers
