// Export: a page of one label's nodes in id order (optionally only those of one customer).
MATCH (n:__LABEL__)
WHERE n.id > $after AND ($ids IS NULL OR n.id IN $ids)
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS id, properties(n) AS props
