"""Who owns which field when an import meets what the bid team knows.

The CRM owns what it exports (name, title, e-mail, account and org links, reports-to, amount, close
date, the stage of a deal before the bid gate): an import always writes those. Powermap owns what
the team judges (`JUDGED`): a stakeholder's stance, influence and notes, a KNOWS tie's strength and
target strength, a decision-chain seat's role and step, and a project's stage once it stands past
the bid gate (bid, contract, delivery).

How "changed in Powermap" is known: every node or relationship an import writes carries
`importedValues`, a JSON object holding the judged values as the last import left them (all the
judged fields of what it creates, defaults included; the fields it changes on an update). A judged
field is the team's when its stored value differs from that record, or when no import ever set it
and it holds a value (it was typed by a person: created through the API or the page, or imported
before this rule existed). Nothing else has to cooperate: any write, by any route, that changes a
judged value makes it the team's, and a person setting it back to what the import wrote hands it
back to the CRM. A team-owned value the row would change is kept, and the row reports a
`FieldConflict` (entity, field, stored value, imported value); the rest of the row is written.
"""

import json
from typing import Any

from powermap.graph.model import Label, RelType
from powermap.models.transfer import FieldConflict
from powermap.vocab import ProjectStage

IMPORTED = "importedValues"
# Stages a project reaches only through the bid gate.
GATED_STAGES = frozenset({ProjectStage.BID, ProjectStage.CONTRACT, ProjectStage.DELIVERY})
JUDGED: dict[Label | RelType, tuple[str, ...]] = {
    Label.STAKEHOLDER: ("stance", "influence", "notes"),
    Label.PROJECT: ("stage",),
    RelType.KNOWS: ("strength", "targetStrength"),
    RelType.IN_CHAIN: ("role", "step"),
}


def _team_owns(kind: Label | RelType, name: str, stored: dict[str, Any], record: dict[str, Any]) -> bool:
    if kind is Label.PROJECT and stored.get("stage") not in GATED_STAGES:
        return False
    if name in record:
        return bool(stored.get(name) != record[name])
    return stored.get(name) is not None


def owned_values(kind: Label | RelType, entity: str, line: int | None, props: dict[str, Any],
                 stored: dict[str, Any] | None, created_values: dict[str, Any] | None = None,
                 restored: str | None = None) -> tuple[dict[str, Any], list[FieldConflict]]:
    """The values a row may write over `stored` (None: it creates), with the updated import record.

    `created_values` are the values a created entity ends with (the row's and the model's defaults);
    `restored` is the record an exported row carries, written as it is."""
    judged = JUDGED.get(kind, ())
    if not judged:
        return props, []
    if stored is None:
        ending = created_values if created_values is not None else props
        created = restored or json.dumps({name: ending.get(name) for name in judged}, sort_keys=True, default=str)
        return {**props, IMPORTED: created}, []
    before: dict[str, Any] = json.loads(stored.get(IMPORTED) or "{}")
    record, conflicts, kept = dict(before), [], {}
    for name, value in props.items():
        if name in judged and value != stored.get(name):
            if _team_owns(kind, name, stored, before):
                conflicts.append(FieldConflict(line=line, kind=kind.value, entity=entity, field=name,
                                               stored=stored.get(name), imported=value))
                continue
            record[name] = value
        kept[name] = value
    if restored is not None:
        kept[IMPORTED] = restored
    elif record != before:
        kept[IMPORTED] = json.dumps(record, sort_keys=True, default=str)
    return kept, conflicts
