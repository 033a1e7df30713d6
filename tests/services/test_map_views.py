"""What changed since a review (powermap/services/map_views.py), on a small graph worked out by hand.

The review was on 2026-10-01 and the report date is 2026-11-01: changes dated 2026-10-02 to
2026-11-01 count; anything on or before 2026-10-01, or after 2026-11-01, does not.

- Ann moved neutral -> supporter on 2026-09-15, before the review: no change.
- Hal moved neutral -> skeptic on the review day itself: no change (the day belongs to "then").
- Gus moved supporter -> opponent on 2026-11-05, after the report date: no change.
- Ben moved neutral -> champion on 2026-10-10: stance up.
- Cho moved supporter -> skeptic on 2026-10-20: stance down.
- Dee was first recorded on 2026-10-15 (and known by Wang from 2026-10-16): new, and only new.
- Eve became known to Wang (0.7, no tie history) from 2026-10-05: coverage gained.
- Fay's tie with Wang (0.8 from 2026-05-01) was removed on 2026-10-12: coverage lost.
"""

from datetime import UTC, date, datetime

import pytest

from powermap.errors import InvalidValue
from powermap.graph.loaders import load_graph_document
from powermap.models.map_views import MapView
from powermap.services import map_views
from powermap.services.power_map import Thresholds

SINCE, UNTIL = date(2026, 10, 1), date(2026, 11, 1)
OLD = "2026-01-01T00:00:00Z"
PEOPLE = {"ann": OLD, "ben": OLD, "cho": OLD, "dee": "2026-10-15T09:00:00Z", "eve": OLD, "fay": OLD,
          "gus": OLD, "hal": OLD}
JUDGEMENTS = [("ann", "2026-02-01", "neutral"), ("ann", "2026-09-15", "supporter"),
              ("ben", "2026-03-01", "neutral"), ("ben", "2026-10-10", "champion"),
              ("cho", "2026-03-01", "supporter"), ("cho", "2026-10-20", "skeptic"),
              ("dee", "2026-10-15", "supporter"), ("eve", "2026-03-01", "neutral"), ("fay", "2026-03-01", "neutral"),
              ("gus", "2026-03-01", "supporter"), ("gus", "2026-11-05", "opponent"),
              ("hal", "2026-03-01", "neutral"), ("hal", "2026-10-01", "skeptic")]
STORY = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Employee": [{"id": "emp-wang", "name": "Wang", "role": "AR"}],
    "Stakeholder": [{"id": pid, "name": pid.title(), "title": "Director", "influence": 3, "customerId": "cus-1",
                     "createdAt": created} for pid, created in PEOPLE.items()],
    "Project": [{"id": "prj-1", "name": "Core", "stage": "opportunity", "customerId": "cus-1"}],
    "DecisionChain": [{"id": "dc-1", "kind": "technical_selection", "projectId": "prj-1"}],
    "Assessment": [{"id": f"as-{pid}-{day}", "at": f"{day}T12:00:00Z", "stance": stance, "stakeholderId": pid}
                   for pid, day, stance in JUDGEMENTS],
    "relationships": {
        "IN_CHAIN": [[pid, "dc-1", {"role": "decision_maker" if pid == "ben" else "evaluator"}] for pid in PEOPLE],
        "KNOWS": [["emp-wang", "dee", {"strength": 0.8, "since": "2026-10-16"}],
                  ["emp-wang", "eve", {"strength": 0.7, "since": "2026-10-05"}]],
    },
}
# Fay's tie as the API keeps it: made on 2026-05-01, removed on 2026-10-12 (the KNOWS edge is gone).
FAY_TIE = """
MATCH (e:Employee {id: 'emp-wang'}), (s:Stakeholder {id: 'fay'})
CREATE (e)-[:HAS_TIE_CHANGE]->(:TieChange {id: 'tc-fay-1', at: datetime('2026-05-01T09:00:00Z'), strength: 0.8})
         -[:TIE_TO]->(s),
       (e)-[:HAS_TIE_CHANGE]->(:TieChange {id: 'tc-fay-2', at: datetime('2026-10-12T09:00:00Z'), strength: null,
                                           previousStrength: 0.8})-[:TIE_TO]->(s)
"""


@pytest.fixture
def story(graph):
    load_graph_document(graph, STORY)
    graph.driver.execute_query(FAY_TIE, database_=graph.database)
    return graph


def test_changes_since_the_review_are_the_ones_worked_out_by_hand(story):
    found = map_views.project_changes(story, project_id="prj-1", since=SINCE, report_date=UNTIL,
                                      thresholds=Thresholds())
    assert [(c.kind, c.stakeholder_id) for c in found.changes] == [
        ("new", "dee"), ("stance_up", "ben"), ("stance_down", "cho"), ("coverage_gained", "eve"),
        ("coverage_lost", "fay")]
    new, up, down, gained, lost = found.changes
    assert (new.at, new.to_stance, new.covered_by_now) == (datetime(2026, 10, 15, 9, tzinfo=UTC), "supporter",
                                                           ["Wang"])
    assert (up.from_stance, up.to_stance, up.at) == ("neutral", "champion", datetime(2026, 10, 10, 12, tzinfo=UTC))
    assert (down.from_stance, down.to_stance) == ("supporter", "skeptic")
    assert (gained.covered_by_then, gained.covered_by_now) == ([], ["Wang"])
    assert (lost.covered_by_then, lost.covered_by_now) == (["Wang"], [])
    assert found.counts == {"new": 1, "stance_up": 1, "stance_down": 1, "coverage_gained": 1, "coverage_lost": 1}
    assert (found.since, found.until) == (SINCE, UNTIL)

    later = map_views.project_changes(story, project_id="prj-1", since=date(2026, 11, 1),
                                      report_date=date(2026, 11, 6), thresholds=Thresholds())
    assert [(c.kind, c.stakeholder_id) for c in later.changes] == [("stance_down", "gus")], \
        "Gus's move after the first report date is the only change of the next window"


def test_the_changes_view_needs_a_since_before_the_report_date(story):
    for since in (None, UNTIL, date(2026, 12, 1)):
        with pytest.raises(InvalidValue) as refused:
            map_views.view_map(story, project_id="prj-1", view=MapView.CHANGES, since=since, report_date=UNTIL,
                               thresholds=Thresholds())
        assert refused.value.field == "since"
