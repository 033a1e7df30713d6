// Delete a node with everything it owns, at any depth. Ownership runs child -> parent through
// PART_OF, WORKS_IN, AT, FOR, ABOUT, OF, TIE_TO and FOR_PROJECT, and parent -> child through
// HAS_CHAIN, RESULTED_IN, MOVED_TO and HAS_TIE_CHANGE (a person's or project's history goes with it).
// Everything else that pointed at the node is only detached.
MATCH (root:__LABEL__ {id: $id})
OPTIONAL MATCH (root)((parent)-[r]-(child)
  WHERE (startNode(r) = child
         AND type(r) IN ['PART_OF', 'WORKS_IN', 'AT', 'FOR', 'ABOUT', 'OF', 'TIE_TO', 'FOR_PROJECT'])
     OR (startNode(r) = parent AND type(r) IN ['HAS_CHAIN', 'RESULTED_IN', 'MOVED_TO', 'HAS_TIE_CHANGE'])
){1,}(owned)
WITH root, collect(DISTINCT owned) AS owned
FOREACH (node IN owned | DETACH DELETE node)
DETACH DELETE root
RETURN size(owned) AS ownedDeleted
