"""The Maven module that runs Neo4j embedded; shipped as sources and built with Maven on first use."""
