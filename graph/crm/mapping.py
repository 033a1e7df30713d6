"""The mapping file (`mapping.toml` beside this module): formats, roles, stages, title levels, customers.

A user's file (`--mapping FILE`) is laid over the shipped one table by table, so it only needs what
it adds or changes. Every value is checked when the file is read: a role or stage that is not one of
the domain's, or a format without headers, is refused naming the file and the entry.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from powermap.errors import InvalidValue
from powermap.resources import CRM, resource_dir
from powermap.vocab import DecisionRole, ProjectStage

SHIPPED = resource_dir(CRM) / "mapping.toml"
# What each CRM object gives, in the order an export is loaded (a role needs its deal and contact).
OBJECTS = ("account", "contact", "opportunity", "role")
LEVELS = ("c_level", "vp", "director", "manager", "staff")


def vocabulary_key(value: str) -> str:
    """How vocabulary values are compared: case-insensitive, spaces around and doubled ignored."""
    return " ".join(value.split()).casefold()


@dataclass(frozen=True)
class Format:
    """One kind of export file, recognised by its headers."""

    name: str
    source: str
    title: str
    detect: tuple[str, ...]
    required: tuple[str, ...]
    columns: dict[str, dict[str, str]]

    @property
    def headers(self) -> list[str]:
        """Every header the format reads, required ones first."""
        mapped = [header for fields in self.columns.values() for header in fields.values()]
        return list(dict.fromkeys([*self.required, *mapped]))

    def describe(self) -> str:
        return f"{self.name} ({self.title}): {', '.join(self.headers)}"


@dataclass(frozen=True)
class Mapping:
    """The mapping in force, and the file a user should extend (named in messages)."""

    path: str
    formats: tuple[Format, ...]
    roles: dict[str, DecisionRole]
    stages: dict[str, ProjectStage]
    levels: tuple[tuple[str, str], ...]
    customers: dict[str, str]
    salesforce_roles: dict[DecisionRole, str]


def _overlay(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = _overlay(merged[key], value) if isinstance(value, dict) and isinstance(
            merged.get(key), dict) else value
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise InvalidValue(f"no mapping file {path}", field="mapping") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidValue(f"{path} is not a readable TOML file: {error}", field="mapping") from error


def _vocabulary(table: dict[str, Any], allowed: type[DecisionRole] | type[ProjectStage], name: str,
                path: str) -> dict[str, Any]:
    values = {member.value for member in allowed}
    wrong = [f"{key!r} = {value!r}" for key, value in table.items() if value not in values]
    if wrong:
        raise InvalidValue(f"{path}: [{name}] maps to values Powermap does not know: {', '.join(wrong)} "
                           f"(known: {', '.join(sorted(values))})", field="mapping")
    return {vocabulary_key(key): allowed(value) for key, value in table.items()}


def _formats(table: dict[str, Any], path: str) -> tuple[Format, ...]:
    formats = []
    for name, spec in table.items():
        columns = {obj: dict(spec[obj]) for obj in OBJECTS if obj in spec}
        if not spec.get("detect") or not columns or spec.get("source") not in ("salesforce", "dynamics"):
            raise InvalidValue(f"{path}: [formats.{name}] needs source (salesforce or dynamics), detect headers "
                               f"and at least one of {', '.join(OBJECTS)}", field="mapping")
        formats.append(Format(name=name, source=spec["source"], title=spec.get("title", name),
                              detect=tuple(spec["detect"]), required=tuple(spec.get("required", spec["detect"])),
                              columns=columns))
    return tuple(formats)


def load_mapping(path: Path | None = None) -> Mapping:
    """The shipped mapping, with the user's file laid over it when given."""
    data = _read(SHIPPED)
    if path is not None:
        data = _overlay(data, _read(path))
    named = str(path or SHIPPED)
    levels = data.get("levels", {})
    unknown_levels = sorted(set(levels) - set(LEVELS))
    if unknown_levels:
        raise InvalidValue(f"{named}: [levels] has levels Powermap does not know: {', '.join(unknown_levels)} "
                           f"(known: {', '.join(LEVELS)})", field="mapping")
    return Mapping(
        path=named,
        formats=_formats(data.get("formats", {}), named),
        roles=_vocabulary(data.get("roles", {}), DecisionRole, "roles", named),
        stages=_vocabulary(data.get("stages", {}), ProjectStage, "stages", named),
        levels=tuple((vocabulary_key(keyword), level) for level, words in levels.items() for keyword in words),
        customers={vocabulary_key(key): str(value) for key, value in data.get("customers", {}).items()},
        salesforce_roles=_salesforce_roles(data.get("export", {}).get("salesforce", {}).get("roles", {}), named),
    )


def _salesforce_roles(table: dict[str, str], path: str) -> dict[DecisionRole, str]:
    missing = [role.value for role in DecisionRole if role.value not in table]
    if missing:
        raise InvalidValue(f"{path}: [export.salesforce.roles] lacks {', '.join(missing)}", field="mapping")
    return {DecisionRole(key): value for key, value in table.items() if key in set(DecisionRole)}
