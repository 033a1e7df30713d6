// One node with its link fields: for each declared link, the ids at the other end.
MATCH (n:__LABEL__ {id: $id})
RETURN n {.*} AS node,
       [link IN $links | {
         field: link.field,
         ids: [(n)-[r]-(m) WHERE type(r) = link.type AND (startNode(r) = n) <> link.incoming
                                 AND link.other IN labels(m) | m.id]
       }] AS links
