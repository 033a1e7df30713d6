"""The power map's definitions pinned on small crafted graphs (answers worked out by hand)."""

from datetime import UTC, date, datetime

import pytest

from powermap.errors import NotFound
from powermap.graph.loaders import load_graph_document
from powermap.services.power_map import Thresholds, customer_power_map, project_power_map

REPORT = date(2026, 6, 30)
DEFAULTS = Thresholds()


def _project(graph, people, chains, relationships=None, extra=None):
    """A customer, one project with the given chains, and the given people."""
    document = {
        "Customer": [{"id": "cus-1", "name": "Acme"}],
        "OrgUnit": [{"id": "org-1", "name": "Network", "customerId": "cus-1"},
                    {"id": "org-2", "name": "Core", "parentUnitId": "org-1"}],
        "Project": [{"id": "prj-1", "name": "Core swap", "customerId": "cus-1"}],
        "DecisionChain": [{"id": cid, "kind": kind, "requiredRoles": roles, "projectId": "prj-1"}
                          for cid, kind, roles in chains],
        "Stakeholder": [{"orgUnitId": "org-2", "influence": 3, **p} for p in people],
        "Employee": [{"id": "emp-a", "name": "Ann", "role": "AR"},
                     {"id": "emp-b", "name": "Bob", "role": "SR"}],
        "relationships": relationships or {},
    }
    for key, rows in (extra or {}).items():
        document.setdefault(key, []).extend(rows)
    load_graph_document(graph, document)


def _map(graph, **kwargs):
    kwargs.setdefault("report_date", REPORT)
    return project_power_map(graph, project_id="prj-1", thresholds=DEFAULTS, **kwargs)


def _row(power_map, stakeholder_id):
    return next(p for p in power_map.stakeholders if p.id == stakeholder_id)


def test_person_in_two_chains_has_both_roles(graph):
    _project(graph, [{"id": "s1", "name": "Zhou", "stance": "neutral"}],
             [("dc-t", "technical_selection", ["evaluator"]),
              ("dc-c", "commercial_approval", ["decision_maker"])],
             {"IN_CHAIN": [["s1", "dc-t", {"role": "evaluator"}],
                           ["s1", "dc-c", {"role": "decision_maker"}]]})
    person = _row(_map(graph), "s1")
    assert sorted((r.chain_id, r.role.value) for r in person.roles) == [
        ("dc-c", "decision_maker"), ("dc-t", "evaluator")]
    assert person.is_key_member is True
    assert person.org_unit.id == "org-2"


@pytest.mark.parametrize(("strength", "covered"), [(0.5, True), (0.49, False), (1.0, True)])
def test_covered_at_exactly_half(graph, strength, covered):
    _project(graph, [{"id": "s1", "name": "Zhou"}], [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}]],
              "KNOWS": [["emp-a", "s1", {"strength": strength, "lastContact": "2026-06-01"}]]})
    person = _row(_map(graph), "s1")
    assert person.covered is covered
    assert [c.employee_id for c in person.covered_by] == ["emp-a"], "weak ties are listed too"


def test_single_threaded_counts_only_covering_ties(graph):
    _project(graph, [{"id": "s1", "name": "One"}, {"id": "s2", "name": "Two"}],
             [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}], ["s2", "dc", {"role": "user"}]],
              "KNOWS": [["emp-a", "s1", {"strength": 0.8, "lastContact": "2026-06-01"}],
                        ["emp-b", "s1", {"strength": 0.3, "lastContact": "2026-06-01"}],
                        ["emp-a", "s2", {"strength": 0.6, "lastContact": "2026-06-01"}],
                        ["emp-b", "s2", {"strength": 0.5, "lastContact": "2026-06-01"}]]})
    power_map = _map(graph)
    assert _row(power_map, "s1").single_threaded is True
    assert _row(power_map, "s2").single_threaded is False


@pytest.mark.parametrize(("last_contact", "stale"), [
    ("2026-04-01", False),  # exactly 90 days before 2026-06-30
    ("2026-03-31", True),   # 91 days
    ("2026-07-15", True),   # after the report date does not count
])
def test_stale_by_last_contact_at_90_days(graph, last_contact, stale):
    _project(graph, [{"id": "s1", "name": "Zhou"}], [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}]],
              "KNOWS": [["emp-a", "s1", {"strength": 0.7, "lastContact": last_contact}]]})
    assert _row(_map(graph), "s1").stale is stale


@pytest.mark.parametrize(("status", "done_at", "stale"), [
    ("done", "2026-04-01T08:00:00Z", False),   # a done activity exactly 90 days before
    ("done", "2026-03-31T23:00:00Z", True),    # 91 days before
    ("planned", None, True),                   # a planned visit is not contact
])
def test_stale_by_done_activity(graph, status, done_at, stale):
    activity = {"id": "act-1", "type": "visit", "plannedAt": "2026-04-01T08:00:00Z",
                "status": status, "stakeholderIds": ["s1"]}
    if done_at:
        activity["doneAt"] = done_at
    _project(graph, [{"id": "s1", "name": "Zhou"}], [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}]],
              "KNOWS": [["emp-a", "s1", {"strength": 0.7, "lastContact": "2025-01-01"}]]},
             {"Activity": [activity]})
    assert _row(_map(graph), "s1").stale is stale


def test_uncovered_is_never_stale(graph):
    _project(graph, [{"id": "s1", "name": "Zhou"}], [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}]]})
    person = _row(_map(graph), "s1")
    assert (person.covered, person.stale) == (False, False)


@pytest.mark.parametrize(("strength", "aligned"), [(0.5, True), (0.49, False)])
def test_competitor_aligned_at_exactly_half(graph, strength, aligned):
    _project(graph, [{"id": "s1", "name": "Zhou"}], [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}]],
              "ALIGNED_WITH": [["s1", "cmp-1", {"strength": strength}]]},
             {"Competitor": [{"id": "cmp-1", "name": "Nordwave"}]})
    power_map = _map(graph)
    assert _row(power_map, "s1").competitor_aligned is aligned
    assert {n.id for n in power_map.nodes if n.kind == "Competitor"} == {"cmp-1"}


def _assessed(graph):
    _project(graph, [{"id": "s1", "name": "Zhou", "stance": "champion", "influence": 5}],
             [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "decision_maker"}]]},
             {"Assessment": [
                 {"id": "a1", "at": "2026-01-01T00:00:00Z", "stance": "skeptic", "influence": 4,
                  "stakeholderId": "s1"},
                 {"id": "a2", "at": "2026-03-01T00:00:00Z", "stance": "supporter", "stakeholderId": "s1"},
             ]})


@pytest.mark.parametrize(("as_of", "stance", "influence"), [
    (datetime(2025, 12, 31, tzinfo=UTC), None, 5),              # before any assessment: unknown
    (datetime(2026, 1, 1, tzinfo=UTC), "skeptic", 4),           # exactly at a1: at or before
    (datetime(2026, 2, 15, tzinfo=UTC), "skeptic", 4),
    (datetime(2026, 3, 1, tzinfo=UTC), "supporter", 4),         # a2 gave no influence: a1's
    (None, "champion", 5),                                      # no asOf: today's values
])
def test_as_of_uses_latest_assessment_at_or_before(graph, as_of, stance, influence):
    _assessed(graph)
    person = _row(_map(graph, as_of=as_of), "s1")
    assert (person.stance.value if person.stance else None, person.influence) == (stance, influence)


def test_as_of_leaves_out_relationships_begun_later(graph):
    _project(graph, [{"id": "s1", "name": "Zhou"}], [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}]],
              "KNOWS": [["emp-a", "s1", {"strength": 0.9, "since": "2026-05-01"}]]})
    assert _row(_map(graph, as_of=datetime(2026, 4, 1, tzinfo=UTC)), "s1").covered is False
    assert _row(_map(graph, as_of=datetime(2026, 5, 2, tzinfo=UTC)), "s1").covered is True


def test_edges_among_members_only_and_drawn_with_types(graph):
    _project(graph, [{"id": "s1", "name": "A"}, {"id": "s2", "name": "B"}, {"id": "s3", "name": "Out"}],
             [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "evaluator"}], ["s2", "dc", {"role": "decision_maker"}]],
              "REPORTS_TO": [["s1", "s2"], ["s2", "s3"]],
              "INFLUENCES": [["s1", "s2", {"strength": 0.6}]],
              "CONFLICTS_WITH": [["s2", "s1"]],
              "KNOWS": [["emp-a", "s1", {"strength": 0.7}]]})
    power_map = _map(graph)
    drawn = sorted((e.type, e.source, e.target) for e in power_map.edges)
    assert drawn == [("CONFLICTS_WITH", "s2", "s1"), ("INFLUENCES", "s1", "s2"), ("KNOWS", "emp-a", "s1"),
                     ("REPORTS_TO", "s1", "s2")]
    assert {n.id for n in power_map.nodes} == {"s1", "s2", "emp-a"}


def test_empty_required_seats_per_chain(graph):
    _project(graph, [{"id": "s1", "name": "A"}],
             [("dc", "procurement", ["approver", "gatekeeper", "coach"])],
             {"IN_CHAIN": [["s1", "dc", {"role": "gatekeeper"}]]})
    assert [seat.value for seat in _map(graph).chains[0].empty_seats] == ["approver", "coach"]


def test_project_without_chains_has_an_empty_map(graph):
    _project(graph, [], [])
    power_map = _map(graph)
    assert power_map.stakeholders == [] and power_map.summary.stakeholders == 0


def test_unknown_project_is_not_found(graph):
    with pytest.raises(NotFound):
        project_power_map(graph, project_id="nope", thresholds=DEFAULTS)


def test_customer_map_has_everyone_in_nested_units(graph):
    _project(graph, [{"id": "s1", "name": "Deep"}, {"id": "s2", "name": "Also deep"}],
             [("dc", "technical_selection", [])],
             {"IN_CHAIN": [["s1", "dc", {"role": "approver"}]]},
             {"Stakeholder": [{"id": "s3", "name": "Direct", "customerId": "cus-1"}]})
    power_map = customer_power_map(graph, customer_id="cus-1", report_date=REPORT, thresholds=DEFAULTS)
    assert {p.id for p in power_map.stakeholders} == {"s1", "s2", "s3"}
    assert _row(power_map, "s1").is_key_member and not _row(power_map, "s3").roles
