// A page of nodes in id order, filtered by allow-listed property equality.
MATCH (n:__LABEL__)
WHERE all(key IN keys($filters) WHERE n[key] = $filters[key])
WITH n ORDER BY n.id SKIP $offset LIMIT $limit
RETURN n {.*} AS node,
       [link IN $links | {
         field: link.field,
         ids: [(n)-[r]-(m) WHERE type(r) = link.type AND (startNode(r) = n) <> link.incoming
                                 AND link.other IN labels(m) | m.id]
       }] AS links
