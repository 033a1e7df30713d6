"""Each map view of the demo bid review, printed: laid out at A4 print width in headless Chromium and
measured as the default map is (tests/reports/test_printed_map.py): no name label overlaps another or
another person, no reports-to line crosses a person, names at 8 pt or more. The changes view follows
a week of edits made through the API (a new person, a stance up, a stance down, a tie made strong
enough to cover, a tie removed) and carries their marks; it also prints to PDF.
Set POWERMAP_SCREENSHOTS to a folder to keep the screenshots."""

import re

import pytest

from powermap.graph.loaders import DEMO_SEEDS, load_graph_files
from tests import browser
from tests.reports.test_printed_map import _check_drawing, _keep, _open_printed

pytestmark = pytest.mark.skipif(
    not browser.available(),
    reason="Debian's chromium and chromium-driver are not installed (make test installs them)")

ACTOR = {"X-Powermap-Actor": "emp-wang-lei"}
SINCE = "2026-11-20"


def review_week(client) -> None:
    """The week after the last review, as the team recorded it."""
    def ok(response):
        assert response.status_code in (200, 201, 204), response.text

    ok(client.put("/api/v1/stakeholders/stk-ingrid-solberg", headers=ACTOR, json={
        "name": "Ingrid Solberg", "title": "Head of Core Security", "influence": 3, "stance": "neutral",
        "orgUnitId": "org-mob-core"}))
    ok(client.post("/api/v1/relationships/REPORTS_TO", json={"from": "stk-ingrid-solberg", "to": "stk-zhou-min"}))
    ok(client.post("/api/v1/relationships/IN_CHAIN", json={
        "from": "stk-ingrid-solberg", "to": "dc-5g-technical", "properties": {"role": "evaluator"}}))
    ok(client.patch("/api/v1/stakeholders/stk-zhou-min", headers=ACTOR, json={"stance": "supporter"}))
    ok(client.patch("/api/v1/stakeholders/stk-rafael-costa", headers=ACTOR, json={"stance": "neutral"}))
    ok(client.put("/api/v1/relationships/KNOWS", headers=ACTOR, json={
        "from": "emp-wang-lei", "to": "stk-zhou-min", "properties": {"strength": 0.7}}))
    ok(client.delete("/api/v1/relationships/KNOWS", headers=ACTOR,
                     params={"from": "emp-wang-lei", "to": "stk-nadia-benali"}))


@pytest.fixture
def demo_week(graph, client):
    load_graph_files(graph, DEMO_SEEDS)
    review_week(client)


def test_every_view_of_the_demo_bid_review_prints_readably(client, demo_week, tmp_path):
    changes = client.get("/api/v1/projects/prj-5g-core/changes", params={"since": SINCE}).json()
    kinds = {(c["kind"], c["stakeholderId"]) for c in changes["changes"]}
    assert {("new", "stk-ingrid-solberg"), ("stance_up", "stk-zhou-min"), ("stance_down", "stk-rafael-costa"),
            ("coverage_gained", "stk-zhou-min")} <= kinds
    with browser.chromium() as chrome:
        for view in ("customer", "chains", "key_paths", "changes"):
            response = client.get("/api/v1/projects/prj-5g-core/bid-review",
                                  params={"format": "html", "view": view, "since": SINCE})
            assert response.status_code == 200, response.text
            page = tmp_path / f"{view}.html"
            page.write_text(response.text, encoding="utf-8")
            measured = _open_printed(chrome, page)
            _check_drawing(measured)
            drawn = {label["id"] for label in measured["labels"]}
            if view == "key_paths":
                assert "stk-chen-hui" in drawn, "Chen Hui is on the best path to the CTO"
                assert {"emp-wang-lei", "emp-lucia-ferrari"} <= drawn, "the paths' employees are drawn"
                assert {e["type"] for e in measured["edges"]} >= {"KNOWS", "INFLUENCES"}
                assert "Best paths to the key members" in response.text
            if view == "customer":
                assert len(drawn) > 13, "everyone at Meridian, not only the 5G chains"
            if view == "changes":
                assert "stk-ingrid-solberg" in drawn
                assert re.search(r"NEW", response.text) and "\u25b2 was neutral" in response.text
                assert "Changes after 2026-11-20" in response.text
            _keep(chrome, f"bid-review-{view}.png", tmp_path)

    printed = client.get("/api/v1/projects/prj-5g-core/bid-review",
                         params={"format": "pdf", "view": "changes", "since": SINCE})
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
