"""The one stage-history model, as an import row's `stageHistory` is checked (no database)."""

import pytest

from powermap.errors import InvalidValue
from powermap.graph.transfer import Batch

PROJECT = {"label": "Project", "id": "prj-1", "properties": {"name": "5G Core", "stage": "bid", "value": 100}}


def _history(*steps: dict) -> dict:
    return {**PROJECT, "stageHistory": list(steps)}


def test_steps_chain_their_from_stage():
    batch = Batch()
    batch.add(_history({"stage": "lead", "at": "2025-01-01T00:00:00Z"},
                       {"stage": "bid", "fromStage": "lead", "at": "2025-03-01T00:00:00Z", "by": "emp-1"}), 1)
    assert [(s["stage"], s["fromStage"], s["by"]) for s in batch.stage_history] == [
        ("lead", None, None), ("bid", "lead", "emp-1")]


def test_a_from_stage_that_is_not_the_step_before_is_refused():
    with pytest.raises(InvalidValue) as refused:
        Batch().add(_history({"stage": "lead", "at": "2025-01-01T00:00:00Z"},
                             {"stage": "bid", "fromStage": "opportunity", "at": "2025-03-01T00:00:00Z"}), 1)
    assert refused.value.field == "stageHistory[2].fromStage"


def test_a_bad_step_names_its_index_and_field():
    with pytest.raises(InvalidValue) as refused:
        Batch().add(_history({"stage": "won", "at": "2025-01-01T00:00:00Z"}), 1)
    assert refused.value.field == "stageHistory[1].stage"
