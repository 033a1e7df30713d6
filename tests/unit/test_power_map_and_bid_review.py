"""Map judgements (powermap/services/power_map.py) and the bid review's figures, risks and gate
(powermap/services/bid_review.py) on facts built in memory, the shape the Cypher reads return.

Report date 2026-06-30; thresholds 0.5 / 0.5 / 90 days. One technical-selection chain requiring a
decision maker, an approver and a user:

| person | role | influence | stance | ours (strength, last contact) | other facts |
|---|---|---|---|---|---|
| Ann | decision maker | 5 | supporter | Wang 0.8 (2026-03-01) | done activity 2026-05-15 |
| Bob | approver | 4 | opponent | Wang 0.4 | leans to Nordwave 0.7 |
| Cid | evaluator | 2 | unknown | Wang 0.9, Li 0.6 (2026-01-01) | |

By hand: Ann is covered, single-threaded and not stale (the activity is 46 days old although the
contact is 121); Bob is uncovered and competitor-aligned; Cid is covered twice and stale (181 days).
Coverage = 1 covered of 2 key members = 0.5. Support index = (1.0x5x1 + 0.8x4x(-2) + 0.6x2x0) /
(1.0x5x2 + 0.8x4x2 + 0.6x2x2) = -1.4 / 18.8 = -7/94. The user seat is empty.
"""

from datetime import UTC, date, datetime

import pytest

from powermap.models.bid_review import ProjectManager
from powermap.models.power_map import MapFacts
from powermap.services.bid_review import actions, coverage, gate, map_status, risks, support_index
from powermap.services.power_map import Thresholds, build_power_map

REPORT = date(2026, 6, 30)
DEFAULTS = Thresholds()


def _knows(employee: str, strength: float, last_contact: date | None = None) -> dict:
    return {"employeeId": f"emp-{employee.lower()}", "name": employee, "role": "AR", "strength": strength,
            "targetStrength": None, "lastContact": last_contact}


def _fact(id_: str, name: str, influence: int, stance: str | None, known: list[dict], *,
          level: str | None = None, activity: datetime | None = None, aligned: list[dict] | None = None) -> dict:
    return {"stakeholder": {"id": id_, "name": name, "title": None, "level": level, "influence": influence,
                            "stance": stance},
            "orgUnit": None, "assessment": None, "knownBy": known, "lastActivityAt": activity,
            "alignments": aligned or []}


def _role(role: str) -> list[dict]:
    return [{"chainId": "ch-1", "chainKind": "technical_selection", "role": role, "step": None,
             "projectId": "prj-1"}]


FACTS = {
    "scope": {"id": "prj-1", "name": "5G Core", "stage": "opportunity"}, "customerId": "cus-1",
    "chains": [{"id": "ch-1", "kind": "technical_selection", "requiredRoles": ["decision_maker", "approver", "user"]}],
    "members": [{"id": "stk-ann", "roles": _role("decision_maker")}, {"id": "stk-bob", "roles": _role("approver")},
                {"id": "stk-cid", "roles": _role("evaluator")}],
    "facts": [
        _fact("stk-ann", "Ann", 5, "supporter", [_knows("Wang", 0.8, date(2026, 3, 1))], level="c_level",
              activity=datetime(2026, 5, 15, 10, tzinfo=UTC)),
        _fact("stk-bob", "Bob", 4, "opponent", [_knows("Wang", 0.4)], level="vp",
              aligned=[{"competitorId": "cmp-1", "name": "Nordwave", "strength": 0.7}]),
        _fact("stk-cid", "Cid", 2, None, [_knows("Wang", 0.9), _knows("Li", 0.6, date(2026, 1, 1))]),
    ],
    "edges": [],
}


def _map(thresholds: Thresholds = DEFAULTS):  # type: ignore[no-untyped-def]
    return build_power_map(MapFacts.model_validate(FACTS), scope_kind="project", as_of=None, report_date=REPORT,
                           thresholds=thresholds)


def _person(power_map, id_: str):  # type: ignore[no-untyped-def]
    return next(person for person in power_map.stakeholders if person.id == id_)


def test_judgements_covered_single_threaded_stale_aligned():
    power_map = _map()
    judged = {p.id: (p.is_key_member, p.covered, p.single_threaded, p.stale, p.competitor_aligned)
              for p in power_map.stakeholders}
    assert judged == {"stk-ann": (True, True, True, False, False), "stk-bob": (True, False, False, False, True),
                      "stk-cid": (False, True, False, True, False)}
    assert [p.id for p in power_map.stakeholders] == ["stk-ann", "stk-bob", "stk-cid"], "key first, then influence"
    assert power_map.chains[0].empty_seats == ["user"]
    summary = power_map.summary
    assert (summary.covered, summary.single_threaded, summary.stale, summary.unknown_stance) == (2, 1, 1, 1)


def test_thresholds_move_the_judgements():
    power_map = _map(Thresholds(covered_strength=0.85, aligned_strength=0.8, stale_days=30))
    ann, bob, cid = (_person(power_map, id_) for id_ in ("stk-ann", "stk-bob", "stk-cid"))
    assert (ann.covered, bob.competitor_aligned) == (False, False)
    assert (cid.covered, cid.single_threaded, cid.stale) == (True, True, True)


def test_coverage_support_index_status_and_gate():
    power_map = _map()
    assert coverage(power_map) == 0.5
    assert support_index(power_map) == pytest.approx(-7 / 94)
    assert map_status(power_map, coverage_needed=0.6) == "amber"
    assert map_status(power_map, coverage_needed=0.5) == "green"
    failing = gate(power_map, coverage_needed=0.6)
    assert (failing.passes, failing.failing) == (False, ["key-member coverage 0.50 is below 0.6"])
    assert gate(power_map, coverage_needed=0.5).passes


def test_risks_name_each_person_and_seat_with_the_thresholds_in_force():
    found = risks(_map(), thresholds=DEFAULTS)
    assert sorted((risk.kind, risk.stakeholder_id or risk.role) for risk in found) == [
        ("competitor_aligned_key_member", "stk-bob"), ("empty_required_seat", "user"),
        ("influential_hostile_member", "stk-bob"), ("single_threaded_key_member", "stk-ann"),
        ("uncovered_key_member", "stk-bob")]
    uncovered = next(risk for risk in found if risk.kind == "uncovered_key_member")
    assert uncovered.reason == "no one of ours knows them with strength 0.5 or more"
    strict = Thresholds(covered_strength=0.5, aligned_strength=0.5, stale_days=30)
    stale = [risk for risk in risks(_map(strict), thresholds=strict) if risk.kind == "stale_key_member"]
    assert [(risk.stakeholder_id, risk.reason) for risk in stale] == [
        ("stk-ann", "no done activity or contact in the last 30 days")]


def test_a_map_without_supporters_is_red_and_without_decision_maker_fails_the_gate():
    hostile = {**FACTS, "members": [FACTS["members"][1]], "facts": [FACTS["facts"][1]]}
    power_map = build_power_map(MapFacts.model_validate(hostile), scope_kind="project", as_of=None,
                                report_date=REPORT, thresholds=DEFAULTS)
    assert map_status(power_map, coverage_needed=0.6) == "red"
    assert gate(power_map, coverage_needed=0.6).failing == [
        "no decision chain has a decision maker", "key-member coverage 0.00 is below 0.6"]


def test_actions_for_uncovered_or_unsupportive_key_members_only():
    found = actions(_map(), best_path=lambda _: None, manager=ProjectManager(id="emp-pm", name="Zhao"))
    assert [(a.stakeholder_id, a.why, a.activity_type, a.suggested_owner_id) for a in found] == [
        ("stk-bob", "uncovered", "executive_visit", "emp-pm")]
    assert found[0].description == "No influence path within reach: Zhao to find a way in to Bob"
