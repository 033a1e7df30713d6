"""The Neo4j Browser guide and style Powermap serves (package data)."""
