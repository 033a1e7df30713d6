"""The bid review over HTTP, the gate on stage moves, overrides, the HTML report in Chromium."""

import pytest

from powermap.graph.loaders import DEMO_SEEDS, load_graph_document, load_graph_files
from tests import browser

UNCOVERED = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Employee": [{"id": "emp-1", "name": "Ann", "role": "AR"}],
    "Project": [{"id": "prj-1", "name": "Core", "stage": "opportunity", "customerId": "cus-1",
                 "managerId": "emp-1"}],
    "DecisionChain": [{"id": "dc-1", "kind": "technical_selection", "projectId": "prj-1"}],
    "Stakeholder": [{"id": "stk-dm", "name": "Zhou", "stance": "neutral", "customerId": "cus-1"}],
    "relationships": {"IN_CHAIN": [["stk-dm", "dc-1", {"role": "decision_maker"}]]},
}


def test_move_to_bid_is_409_naming_the_failing_conditions(client):
    load_graph_document(client.app.state.graph, UNCOVERED)
    response = client.post("/api/v1/projects/prj-1/stage", json={"stage": "bid"})
    assert response.status_code == 409
    assert response.json()["failing"] == ["key-member coverage 0.00 is below 0.6"]
    assert client.get("/api/v1/projects/prj-1").json()["stage"] == "opportunity"
    patched = client.patch("/api/v1/projects/prj-1", json={"stage": "bid"})
    assert patched.status_code == 409, "PATCH cannot slip past the gate"


def test_move_to_bid_passes_once_covered(client):
    load_graph_document(client.app.state.graph, {
        **UNCOVERED, "relationships": {**UNCOVERED["relationships"],
                                       "KNOWS": [["emp-1", "stk-dm", {"strength": 0.6}]]}})
    response = client.post("/api/v1/projects/prj-1/stage", json={"stage": "bid"},
                           headers={"X-Powermap-Actor": "emp-1"})
    assert response.status_code == 200 and response.json()["stage"] == "bid"
    review = client.get("/api/v1/projects/prj-1/bid-review").json()
    assert review["gate"]["passes"] is True and review["overrides"] == []


def test_override_needs_an_author_and_is_recorded_on_the_report(client):
    load_graph_document(client.app.state.graph, UNCOVERED)
    reason = "Tender deadline moved forward; CTO meeting booked for next week"
    anonymous = client.post("/api/v1/projects/prj-1/stage", json={"stage": "bid", "overrideReason": reason})
    assert anonymous.status_code == 422
    assert anonymous.json()["errors"][0]["field"] == "X-Powermap-Actor"
    moved = client.post("/api/v1/projects/prj-1/stage", json={"stage": "bid", "overrideReason": reason},
                        headers={"X-Powermap-Actor": "emp-1"})
    assert moved.status_code == 200
    review = client.get("/api/v1/projects/prj-1/bid-review").json()
    assert [(o["by"], o["reason"], o["stage"]) for o in review["overrides"]] == [("emp-1", reason, "bid")]
    assert review["gate"]["passes"] is False
    assert reason in client.get("/api/v1/projects/prj-1/bid-review", params={"format": "html"}).text


def test_override_reason_too_short_is_422(client):
    load_graph_document(client.app.state.graph, UNCOVERED)
    response = client.post("/api/v1/projects/prj-1/stage", json={"stage": "bid", "overrideReason": "go"},
                           headers={"X-Powermap-Actor": "emp-1"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "overrideReason"


def test_demo_bid_review_figures(client):
    load_graph_files(client.app.state.graph, DEMO_SEEDS)
    review = client.get("/api/v1/projects/prj-5g-core/bid-review", params={"reportDate": "2026-11-27"}).json()
    assert (review["keyMembers"], review["coveredKeyMembers"], review["coverage"]) == (5, 2, 0.4)
    assert review["mapStatus"] == "amber" and review["gate"]["passes"] is False
    zhou = next(a for a in review["actions"] if a["stakeholderId"] == "stk-zhou-min")
    assert zhou["suggestedOwnerId"] == "emp-wang-lei" and zhou["activityType"] == "executive_visit"
    assert zhou["path"]["people"][1]["id"] == "stk-chen-hui"
    assert review["overrides"][0]["by"] == "emp-lucia-ferrari"
    markdown = client.get("/api/v1/projects/prj-5g-core/bid-review", params={"format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "| uncovered key member | Zhou Min |" in markdown.text


def test_demo_relationship_health(client):
    load_graph_files(client.app.state.graph, DEMO_SEEDS)
    body = client.get("/api/v1/customers/cus-meridian-mobile/relationship-health",
                      params={"reportDate": "2026-11-27"}).json()
    levels = {level["level"]: level for level in body["levels"]}
    organisational = {p["name"]: p["value"] for p in levels["organisational"]["parts"]}
    assert organisational == {"agreements": 1, "executiveExchanges": 2, "jointProgrammes": 3}
    key_person = {p["name"]: p["value"] for p in levels["key_person"]["parts"]}
    assert key_person == {"keyMemberCoverage": 0.5, "averageKeyMemberStance": 0.0}
    assert levels["organisational"]["previousScore"] == pytest.approx((1 + 0.75 + 1) / 3)
    assert levels["organisational"]["change"] == pytest.approx(
        levels["organisational"]["score"] - levels["organisational"]["previousScore"])
    assert body["previousDate"] == "2025-11-27"


def test_unknown_project_or_customer_is_404(client):
    assert client.get("/api/v1/projects/ghost/bid-review").status_code == 404
    assert client.get("/api/v1/customers/ghost/relationship-health").status_code == 404
    assert client.get("/api/v1/projects/p/bid-review", params={"format": "docx"}).status_code == 422


@pytest.mark.skipif(not browser.available(),
                    reason="Debian's chromium and chromium-driver are not installed (make test installs them)")
def test_html_report_in_headless_chromium(client, tmp_path):
    load_graph_files(client.app.state.graph, DEMO_SEEDS)
    html = client.get("/api/v1/projects/prj-5g-core/bid-review",
                      params={"format": "html", "reportDate": "2026-11-27"}).text
    page = tmp_path / "review.html"
    page.write_text(html, encoding="utf-8")
    with browser.chromium(height=1500) as chrome:
        chrome.get(page.as_uri())
        text = chrome.find_element("tag name", "body").text
        for name in ("Zhou Min", "Chen Hui", "Anna Kowalski", "Lena Fischer"):
            assert name in text
        assert chrome.find_elements("css selector", "svg g.person"), "the power map is drawn"
        assert browser.console_errors(chrome) == []
        shot = tmp_path / "review.png"
        assert chrome.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
