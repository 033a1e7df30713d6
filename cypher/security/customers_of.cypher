// The customers each node belongs to, walking up what owns it at any depth: child -> parent through
// PART_OF, WORKS_IN, AT, FOR, ABOUT, OF, FOR_PROJECT, RAISED_BY, and parent -> child through
// HAS_CHAIN, RESULTED_IN, MOVED_TO read backwards. The access policy judges writes and personal
// data by these customers, so the walk has no depth bound: ownership holds however deep a unit is.
// The types are also named in the pattern, so each step reads only those relationships: a person
// with many other ties (thousands of captured interactions) costs no more to judge than one without.
UNWIND $ids AS nodeId
MATCH (n:__LABEL__ {id: nodeId})
OPTIONAL MATCH (n)((child)-[r:PART_OF|WORKS_IN|AT|FOR|ABOUT|OF|FOR_PROJECT|RAISED_BY|HAS_CHAIN|RESULTED_IN|MOVED_TO]-(parent)
  WHERE (startNode(r) = child
         AND type(r) IN ['PART_OF', 'WORKS_IN', 'AT', 'FOR', 'ABOUT', 'OF', 'FOR_PROJECT', 'RAISED_BY'])
     OR (startNode(r) = parent AND type(r) IN ['HAS_CHAIN', 'RESULTED_IN', 'MOVED_TO'])
){0,}(customer:Customer)
RETURN nodeId AS id, collect(DISTINCT customer.id) AS customers
