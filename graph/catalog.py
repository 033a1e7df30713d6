"""The catalog of Cypher statements, one statement per `.cypher` file under `cypher/`.

Statements are loaded once by name (`catalog.query("power_map/project")`). Files are passed to Neo4j
as written: comments stay in (Neo4j parses them), so no comment stripping can break a string.

Neo4j cannot take a label or relationship type as a parameter and still use its indexes. The few
generic statements (node CRUD, relationship CRUD) are therefore templates with the placeholders
`__LABEL__`, `__SOURCE__`, `__TARGET__` and `__TYPE__`, filled only from the `Label` and `RelType`
enums (fixed allow-lists in `graph.model`). Nothing a client sends is ever substituted; client
values reach Cypher only as parameters.

The catalog remembers the name of every statement it hands out (`name_of`), so the driver's logs
name the statements a unit of work ran (`node/get[Customer]` for a filled template).
"""

from enum import StrEnum
from functools import cache
from typing import LiteralString, cast

from powermap.resources import CYPHER, resource_dir

CYPHER_DIR = resource_dir(CYPHER)
PLACEHOLDERS = ("LABEL", "SOURCE", "TARGET", "TYPE")


_names: dict[str, str] = {}


class UnknownQuery(LookupError):
    """A statement name with no file behind it: a programming error, not a client one."""


@cache
def query(name: str) -> LiteralString:
    """The statement stored in `cypher/<name>.cypher`."""
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise UnknownQuery(f"no Cypher file {path}")
    text = path.read_text(encoding="utf-8")
    _names[text] = name
    # The cast tells checkers that know LiteralString (the driver asks for one) that a catalog file is a
    # trusted statement; mypy reads LiteralString as plain str (python/mypy#12554) and calls it redundant.
    return cast(LiteralString, text)  # type: ignore[redundant-cast]


@cache
def template(name: str, **slots: StrEnum) -> LiteralString:
    """A generic statement with its label/type placeholders filled from allow-listed enums."""
    text = str(query(name))
    for slot, value in slots.items():
        if slot.upper() not in PLACEHOLDERS or not isinstance(value, StrEnum):
            raise TypeError(f"slot {slot} must be one of {PLACEHOLDERS} and an enum member")
        text = text.replace(f"__{slot.upper()}__", value.value)
    unfilled = [p for p in PLACEHOLDERS if f"__{p}__" in text]
    if unfilled:
        raise TypeError(f"{name}: placeholders left unfilled: {unfilled}")
    _names[text] = f"{name}[{','.join(value.value for value in slots.values())}]"
    return cast(LiteralString, text)  # type: ignore[redundant-cast]  # as in query()


def name_of(statement: str) -> str:
    """The catalog name of a statement it handed out (`unnamed` for any other text)."""
    return _names.get(statement, "unnamed")


def all_names() -> list[str]:
    """Every statement name in the catalog (used by the test that EXPLAINs them all)."""
    return sorted(
        str(p.relative_to(CYPHER_DIR).with_suffix("")) for p in CYPHER_DIR.rglob("*.cypher")
    )
