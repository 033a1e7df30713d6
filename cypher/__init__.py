"""The Cypher statements, one per `.cypher` file, loaded by name through `powermap.graph.catalog`."""
