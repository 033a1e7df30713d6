"""Constraints and indexes from `cypher/schema/`, applied idempotently (`IF NOT EXISTS`) at start,
and the data migrations from `cypher/migration/`, run after them at the API's start.

A migration is one idempotent statement (running it twice changes nothing) that brings data written
before a rule existed up to the rule: today, the first assessment of every stakeholder and the
first stage of every project (README, "History rules"). They run where the schema is applied by the
API, so data written by any path (imports, seeds, the generator) is covered at the next start.
"""

from neo4j import Driver

from powermap.graph import catalog


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


def apply_migrations(driver: Driver, database: str) -> dict[str, int]:
    """Run every data migration; returns how many records each one wrote."""
    written: dict[str, int] = {}
    for name in (name for name in catalog.all_names() if name.startswith("migration/")):
        records, _, _ = driver.execute_query(catalog.query(name), database_=database)
        written[name] = int(records[0][0]) if records else 0
    return written
