// The one bulk upsert of relationships (seeds, imports, generated graphs). Each row answers with
// its values before and after (`before` null when the relationship is new) for the audit log, or
// with no change at all when an end does not exist, so the caller can name the row.
UNWIND $rows AS row
OPTIONAL MATCH (source:__SOURCE__ {id: row.from})
OPTIONAL MATCH (target:__TARGET__ {id: row.to})
CALL (source, target, row) {
  WITH source, target, row WHERE source IS NOT NULL AND target IS NOT NULL
  OPTIONAL MATCH (source)-[old:__TYPE__]->(target)
  WITH source, target, row, CASE WHEN old IS NULL THEN null ELSE properties(old) END AS before
  LIMIT 1
  MERGE (source)-[r:__TYPE__]->(target)
  SET r += row.props
  RETURN collect({before: before, after: properties(r)}) AS changes
}
RETURN collect({from: row.from, to: row.to, line: row.line, changes: changes}) AS rows
