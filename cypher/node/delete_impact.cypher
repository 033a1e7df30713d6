// What deleting a node removes, for the access policy to judge before it happens: the node, what
// it owns at any depth (with $cascade; without, only its own history), and the far end and
// type of every relationship that goes with them. Same ownership walk as node/delete_cascade.
MATCH (root:__LABEL__ {id: $id})
OPTIONAL MATCH (root)((parent)-[r]-(child)
  WHERE (startNode(r) = child
         AND type(r) IN ['PART_OF', 'WORKS_IN', 'AT', 'FOR', 'ABOUT', 'OF', 'TIE_TO', 'FOR_PROJECT'])
     OR (startNode(r) = parent AND type(r) IN ['HAS_CHAIN', 'RESULTED_IN', 'MOVED_TO', 'HAS_TIE_CHANGE'])
){1,}(owned)
WHERE $cascade OR owned:StageChange OR owned:Assessment OR owned:TieChange
WITH root, collect(DISTINCT owned) AS owned
WITH [root] + owned AS removed
UNWIND removed AS node
OPTIONAL MATCH (node)-[r]-(other)
WHERE NOT other IN removed
RETURN [n IN removed | {label: labels(n)[0], id: n.id}] AS removed,
       [end IN collect(DISTINCT CASE WHEN other IS NOT NULL THEN {label: labels(other)[0], id: other.id} END)
        WHERE end IS NOT NULL] AS ends,
       collect(DISTINCT type(r)) AS types
