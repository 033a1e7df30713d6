// The labels an initial load would overwrite (graph/initial_load.py): a sample of the nodes is
// enough to say the database is not empty, and what it holds.
OPTIONAL MATCH (n)
WITH n LIMIT 10000
UNWIND labels(n) AS label
RETURN collect(DISTINCT label) AS labels
