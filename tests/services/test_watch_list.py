"""The watch list (powermap/services/watch_list.py): team, employee and project scoping, the `since`
boundary on each kind's triggering day, and the suggested path. The world is test_alerts.py's story
(report date 2026-11-01, W = [2026-10-02, 2026-11-01]) plus a second customer whose champion left."""

from datetime import UTC, date, datetime

import pytest

from powermap.errors import InvalidValue, NotFound
from powermap.graph.loaders import load_graph_document
from powermap.reports.digest import digest_html, digest_markdown
from powermap.services import watch_list
from powermap.settings import Settings
from tests.services.test_alerts import EXTRA, STORY, _meeting

D = date(2026, 11, 1)
SETTINGS = Settings(environment="test")
SECOND = {
    "Customer": [{"id": "cus-2", "name": "Globex"}],
    "Employee": [{"id": "emp-bo", "name": "Bo", "role": "AR"}],
    "Team": [{"id": "team-1", "name": "Acme team", "customerIds": ["cus-1"]},
             {"id": "team-2", "name": "Globex team", "customerIds": ["cus-2"]}],
    "Stakeholder": [{"id": "hu", "name": "Hu", "customerId": "cus-2"}],
    "Assessment": [{"id": "as-h1", "at": "2026-03-01T00:00:00Z", "stance": "champion", "stakeholderId": "hu"}],
    "relationships": {
        "MEMBER_OF": [["emp-wang", "team-1"], ["emp-bo", "team-2"]],
        "MANAGED_BY": [["prj-core", "emp-anna"]],
    },
}
HU_LEFT = "MATCH (h:Stakeholder {id: 'hu'}) SET h.leftAt = date('2026-10-20')"


@pytest.fixture
def world(graph):
    load_graph_document(graph, STORY)
    graph.driver.execute_query(EXTRA, database_=graph.database)
    load_graph_document(graph, SECOND)
    graph.driver.execute_query(HU_LEFT, database_=graph.database)
    at = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
    _meeting(graph, "int-li-1", at, "emp-wang", "li")
    _meeting(graph, "int-li-2", at, "emp-wang", "li")
    return graph


def _kinds(graph, **filters):
    found = watch_list.watch_list(graph, report_date=D, settings=SETTINGS, **filters)
    return [(a.kind, a.stakeholder_id or a.project_id) for a in found.alerts], found


CUS_1 = [("bid_gap_near_close", "prj-core"), ("champion_left", "sun"), ("tie_weakening", "li"),
         ("silent", "zhou"), ("stance_down", "zhou"), ("new_boss", "zhou")]


def test_a_team_watches_the_customers_it_covers_and_nothing_else(world):
    kinds, found = _kinds(world, team_id="team-1")
    assert found.customer_ids == ["cus-1"]
    assert kinds == CUS_1
    assert {a.customer_id for a in found.alerts} == {"cus-1"}
    kinds, _ = _kinds(world, team_id="team-2")
    assert kinds == [("champion_left", "hu")]
    everything, found = _kinds(world)
    assert found.customer_ids == ["cus-1", "cus-2"]
    assert everything == [*CUS_1, ("champion_left", "hu")]


def test_a_team_and_a_project_narrow_each_other(world):
    kinds, _ = _kinds(world, team_id="team-1", project_id="prj-core")
    assert kinds == [("bid_gap_near_close", "prj-core"), ("champion_left", "sun"), ("tie_weakening", "li"),
                     ("silent", "zhou"), ("stance_down", "zhou"), ("new_boss", "zhou")]
    kinds, found = _kinds(world, team_id="team-2", project_id="prj-core")
    assert (kinds, found.customer_ids) == ([], [])


def test_an_employee_watches_what_they_manage_and_what_names_them(world):
    # Wang manages nothing: he sees the alerts that name him (Zhou silent on his tie, Li's tie weakening).
    kinds, _ = _kinds(world, employee_id="emp-wang")
    assert kinds == [("tie_weakening", "li"), ("silent", "zhou")]
    # Anna manages Core: she sees all of its alerts, and Sun's departure (a member of its chain).
    assert _kinds(world, employee_id="emp-anna")[0] == [a for a in CUS_1 if a != ("champion_left", "sun")]
    # Bo manages nothing and is named nowhere, though his team covers Globex.
    assert _kinds(world, employee_id="emp-bo")[0] == []


def test_since_keeps_alerts_triggered_on_or_after_it(world):
    # Sun left and Zhou's stance dropped on 2026-10-02; the rest trigger on 2026-11-01 (Zhou's last
    # contact 2026-09-16 + 46 days; Core's close 2026-12-01 - 30; new boss and weakening: the report date).
    assert _kinds(world, team_id="team-1", since=date(2026, 10, 2))[0] == CUS_1
    kinds, found = _kinds(world, team_id="team-1", since=date(2026, 10, 3))
    assert kinds == [("bid_gap_near_close", "prj-core"), ("tie_weakening", "li"), ("silent", "zhou"),
                     ("new_boss", "zhou")]
    assert {a.triggered_on for a in found.alerts} == {D}
    assert _kinds(world, team_id="team-1", since=D)[0] == kinds


def test_since_after_the_report_date_and_unknown_filters_are_refused(world):
    with pytest.raises(InvalidValue) as refused:
        _kinds(world, since=date(2026, 11, 2))
    assert refused.value.field == "since"
    for filters, field in (({"team_id": "team-none"}, "team"), ({"employee_id": "emp-none"}, "employee"),
                           ({"project_id": "prj-none"}, "project")):
        with pytest.raises(NotFound) as missing:
            _kinds(world, **filters)
        assert missing.value.field == field


def test_each_alert_carries_names_and_the_best_path_to_the_person_concerned(world):
    _, found = _kinds(world, team_id="team-1")
    silent = next(a for a in found.alerts if a.kind == "silent")
    assert [(p.id, p.name) for p in silent.involved] == [("emp-wang", "Wang"), ("zhou", "Zhou")]
    assert (silent.concerned_id, silent.concerned_name) == ("zhou", "Zhou")
    assert silent.path is not None and silent.path.people[0].id == "emp-wang"
    assert silent.path.score == pytest.approx(0.8)
    gap = next(a for a in found.alerts if a.kind == "bid_gap_near_close")
    assert gap.concerned_id == "li"
    left = next(a for a in found.alerts if a.kind == "champion_left")
    assert (left.concerned_id, left.path) == (None, None)


def test_the_digest_shows_a_hostile_name_as_text(world):
    world.driver.execute_query("MATCH (z:Stakeholder {id: 'zhou'}) SET z.name = '<script>alert(1)</script> *Zhou*'",
                               database_=world.database)
    found = watch_list.watch_list(world, report_date=D, settings=SETTINGS, team_id="team-1",
                                  since=watch_list.digest_since(D))
    html, markdown = digest_html(found), digest_markdown(found)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; *Zhou*" in html
    assert "<script>" not in markdown and r"&lt;script&gt;alert(1)&lt;/script&gt; \*Zhou\*" in markdown
    assert "## Gone silent: &lt;script&gt;" in markdown and "Best influence path" in markdown
