"""A relationship row's properties, validated once per type and values and reused (no database): each
row still gets dicts of its own, and a refusal is raised for every row that earns it."""

import math

import pytest

from powermap.errors import InvalidValue
from powermap.graph.model import Label, RelType
from powermap.graph.transfer import Batch

INFLUENCES = (RelType.INFLUENCES, Label.STAKEHOLDER, Label.STAKEHOLDER)


def _row(to: str, **properties: object) -> dict:
    return {"type": "INFLUENCES", "from": "stk-1", "to": to, "properties": properties}


def test_rows_with_the_same_values_get_dicts_of_their_own():
    batch = Batch()
    batch.add(_row("stk-2", strength=0.5), 1)
    batch.add(_row("stk-3", strength=0.5), 2)
    first, second = batch.relationships[INFLUENCES]
    assert first["props"] == second["props"] == {"strength": 0.5}
    first["props"]["strength"] = 0.9
    first["defaults"]["strength"] = 0.9
    assert second["props"] == second["defaults"] == {"strength": 0.5}
    batch.add(_row("stk-4", strength=0.5), 3)
    assert batch.relationships[INFLUENCES][2]["props"] == {"strength": 0.5}


def test_a_refused_value_is_refused_every_time_and_equal_values_of_other_types_stay_apart():
    for line in (1, 2):
        with pytest.raises(InvalidValue) as refused:
            Batch().add(_row("stk-2", strength="strong"), line)
        assert refused.value.field == "properties.strength"
    batch = Batch()
    batch.add(_row("stk-2", strength=1), 1)
    batch.add(_row("stk-3", strength=1.0), 2)
    assert [row["props"] for row in batch.relationships[INFLUENCES]] == [{"strength": 1.0}, {"strength": 1.0}]
    assert all(type(row["props"]["strength"]) is float for row in batch.relationships[INFLUENCES])


def test_a_negative_zero_is_kept_apart_from_a_zero():
    batch = Batch()
    for line, share in enumerate((0.0, -0.0), start=1):
        batch.add({"type": "BUYS_FROM", "from": "cus-1", "to": f"cmp-{line}", "properties": {"share": share}}, line)
    rows = batch.relationships[(RelType.BUYS_FROM, Label.CUSTOMER, Label.COMPETITOR)]
    assert [math.copysign(1.0, row["props"]["share"]) for row in rows] == [1.0, -1.0]
