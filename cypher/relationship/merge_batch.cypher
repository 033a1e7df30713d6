// Bulk upsert of relationships for seeds and imports; rows whose ends are missing are reported
// back by id so the loader can name them.
UNWIND $rows AS row
OPTIONAL MATCH (source:__SOURCE__ {id: row.from})
OPTIONAL MATCH (target:__TARGET__ {id: row.to})
CALL (source, target, row) {
  WITH source, target, row WHERE source IS NOT NULL AND target IS NOT NULL
  MERGE (source)-[r:__TYPE__]->(target)
  SET r += row.props
  RETURN count(r) AS merged
}
WITH row, merged WHERE merged = 0
RETURN collect({from: row.from, to: row.to, row: row.row}) AS missing
