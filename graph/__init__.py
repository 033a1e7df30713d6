"""Everything that talks to Neo4j: the driver, the embedded server, schema, catalog, repositories."""
