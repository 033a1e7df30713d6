// Export: every relationship of one type between the given labels (optionally within a set of ids).
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b:__TARGET__)
WHERE $ids IS NULL OR (a.id IN $ids AND b.id IN $ids)
RETURN a.id AS source, b.id AS target, properties(r) AS props
ORDER BY source, target
