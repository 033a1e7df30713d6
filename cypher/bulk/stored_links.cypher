// The link fields of the nodes of one label a bulk load names (for each declared link, the ids at
// the other end), so a row is judged by its kind's rules merged with what is stored, link fields
// included, as the API judges a PATCH (a stakeholder's orgUnitId and customerId).
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
RETURN collect({
  id: n.id,
  links: [link IN $links | {
    field: link.field,
    ids: [(n)-[r]-(m) WHERE type(r) = link.type AND (startNode(r) = n) <> link.incoming
                            AND link.other IN labels(m) | m.id]
  }]
}) AS rows
