// The customers each node belongs to, walking up what owns it at any depth: child -> parent through
// PART_OF, WORKS_IN, AT, FOR, ABOUT, OF, FOR_PROJECT, RAISED_BY, and parent -> child through
// HAS_CHAIN, RESULTED_IN, MOVED_TO read backwards. The access policy judges writes and personal
// data by these customers, so the walk has no depth bound: ownership holds however deep a unit is.
// Each step follows only its types in its own direction, so a walk reads the few relationships on
// its way up and never a person's other ties (thousands of captured interactions) nor everyone
// else a unit or customer holds. The backwards step comes first and at most once: its children (a
// decision chain, contract or stage change) own nothing, and the parent it reaches is a project,
// which only walks up (graph/model.py, RELATIONSHIP_ENDS).
UNWIND $ids AS nodeId
MATCH (n:__LABEL__ {id: nodeId})
OPTIONAL MATCH (n)(()<-[:HAS_CHAIN|RESULTED_IN|MOVED_TO]-()){0,1}(owner)
               (()-[:PART_OF|WORKS_IN|AT|FOR|ABOUT|OF|FOR_PROJECT|RAISED_BY]->()){0,}(customer:Customer)
RETURN nodeId AS id, collect(DISTINCT customer.id) AS customers
