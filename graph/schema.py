"""Constraints and indexes from `cypher/schema/`, applied idempotently (`IF NOT EXISTS`) at start."""

from neo4j import Driver

from graph import catalog


def schema_statements() -> list[str]:
    """Names of the schema statements, constraints first."""
    return [name for name in catalog.all_names() if name.startswith("schema/")]


def apply_schema(driver: Driver, database: str) -> int:
    """Create every missing constraint and index; returns how many statements ran."""
    names = schema_statements()
    for name in names:
        driver.execute_query(catalog.query(name), database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return len(names)
