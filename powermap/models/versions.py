"""Versions of stored records, for concurrent edits: the `ETag` a read answers and `If-Match` checks.

A record's version is a digest of everything stored for it: a node's properties (`updatedAt`
included) with its link fields, a relationship's type, ends and properties. It is computed when the
record is read, never stored. Why this scheme and not a counter: it needs no cooperation from
writers. Every path that changes a record (the CRUD routes, the activity workflow, the bid gate's
stage moves, imports and seeds through `graph/transfer.py`, a batch, a migration, a hand-run Cypher
statement) changes what the digest reads, so none can forget to bump a version. A counter would
need every one of those statements to increment it, and `updatedAt` alone is not enough: a
relationship carries none, and a node's link fields change when a relationship route joins it.
The one thing a digest cannot tell is a record changed and changed back (A-B-A); the client's copy
is then exactly what is stored, so the write it guards loses nothing.

`If-Match` (RFC 9110, strong comparison): `*` means "it must exist"; otherwise the stored version
must be one of those listed, quoted (`"3f2a..."`) as an `ETag` gives them, or bare; a weak tag
(`W/"..."`) never matches. The check runs inside the write's own transaction, so nothing can change
the record between the check and the write; a failed check is a 412 and changes nothing.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from powermap.errors import InvalidValue, PreconditionFailed

VERSION_LENGTH = 20  # hex digits of the SHA-256 digest: 80 bits, far past any chance of a clash


def version_of(record: Mapping[str, Any]) -> str:
    """The version of a stored record: a digest of its values in a canonical JSON form."""
    canonical = json.dumps(record, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:VERSION_LENGTH]


def relationship_version(rel_type: str, from_id: str, to_id: str, properties: Mapping[str, Any]) -> str:
    """The version of one relationship: its type, ends and properties."""
    return version_of({"type": rel_type, "from": from_id, "to": to_id, "properties": dict(properties)})


@dataclass(frozen=True)
class Precondition:
    """An `If-Match` header: any version (`*`) or one of `versions`."""

    versions: frozenset[str] | None

    @classmethod
    def parse(cls, header: str) -> "Precondition":
        """Read an `If-Match` value; a 422 when it names no version at all."""
        if header.strip() == "*":
            return cls(versions=None)
        tags = [tag.strip() for tag in header.split(",") if tag.strip()]
        if not tags:
            raise InvalidValue('If-Match needs "*" or the ETag of the version you read', field="If-Match")
        return cls(versions=frozenset(tag.strip('"') for tag in tags if not tag.startswith("W/")))

    def check(self, current: str | None, *, what: str) -> None:
        """Refuse (412) unless the record exists and, when versions are named, is at one of them."""
        if current is None:
            raise PreconditionFailed(f"{what} does not exist, and If-Match asks for a stored version",
                                     field="If-Match")
        if self.versions is not None and current not in self.versions:
            raise PreconditionFailed(f"{what} was changed since you read it: its version is now \"{current}\"; "
                                     "read it again and redo your change", field="If-Match",
                                     detail={"currentVersion": current})
