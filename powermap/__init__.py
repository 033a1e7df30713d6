"""Powermap: the relationship graph of big-account B2B sales, on Neo4j."""
