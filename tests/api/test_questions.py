"""The question routes over HTTP: shapes, bounds, errors; and the demo story the README shows."""

import traceback

import pytest
from typer.testing import CliRunner

from powermap import cli
from powermap.graph.loaders import DEMO_SEEDS, load_graph_document, load_graph_files


@pytest.fixture
def demo(graph):
    load_graph_files(graph, DEMO_SEEDS)


def test_demo_power_map_of_the_5g_bid(client, demo):
    response = client.get("/api/v1/projects/prj-5g-core/power-map", params={"reportDate": "2026-11-27"})
    assert response.status_code == 200
    body = response.json()
    rows = {row["id"]: row for row in body["stakeholders"]}
    assert rows["stk-zhou-min"]["roles"][0]["role"] == "decision_maker"
    assert rows["stk-zhou-min"]["covered"] is False
    assert rows["stk-chen-hui"]["covered"] is True and rows["stk-chen-hui"]["stance"] == "supporter"
    assert rows["stk-nadia-benali"]["stale"] is True
    assert body["summary"]["keyMembers"] == 5
    assert {edge["type"] for edge in body["edges"]} == {
        "REPORTS_TO", "INFLUENCES", "CONFLICTS_WITH", "KNOWS", "ALIGNED_WITH"}
    kinds = {node["kind"] for node in body["nodes"]}
    assert kinds == {"Stakeholder", "Employee", "Competitor"}


def test_demo_best_paths_to_the_cto(client, demo):
    response = client.get("/api/v1/influence-paths", params={"target": "stk-zhou-min"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert paths[0]["sentence"] == (
        "Wang Lei (AR) knows Chen Hui (0.8); Chen Hui sways CTO Zhou Min (0.9)")
    assert [round(path["score"], 2) for path in paths] == [0.72, 0.63, 0.63]


def test_demo_lineage_backwards_from_the_contract(client, demo):
    body = client.get("/api/v1/contracts/ctr-ran-north/lineage").json()
    assert body["opportunity"]["id"] == "opp-ran-north"
    assert body["insights"][0]["channel"] == "service"
    assert [contract["id"] for contract in body["projects"][0]["contracts"]] == ["ctr-ran-north"]


def test_demo_stance_changes(client, demo):
    response = client.get("/api/v1/projects/prj-5g-core/stance-changes",
                          params={"from": "2026-01-01T00:00:00Z", "to": "2026-12-31T00:00:00Z"})
    assert response.status_code == 200
    moves = {(m["stakeholderId"], m["fromStance"], m["toStance"], m["direction"]) for m in response.json()}
    assert moves == {("stk-rafael-costa", "neutral", "supporter", "up"),
                     ("stk-anna-kowalski", "neutral", "skeptic", "down"),
                     ("stk-mei-lin", "neutral", "skeptic", "down")}
    customer = client.get("/api/v1/customers/cus-meridian-fibre/stance-changes",
                          params={"from": "2025-01-01T00:00:00Z"}).json()
    assert {m["name"] for m in customer} == {"Henrik Larsen", "Fatima Zahra"}


def test_stance_change_recorded_through_the_api_shows_with_its_author(client):
    load_graph_document(client.app.state.graph, {
        "Customer": [{"id": "cus-1", "name": "Acme"}],
        "Employee": [{"id": "emp-1", "name": "Ann", "role": "AR"}],
        "Stakeholder": [{"id": "stk-1", "name": "Zhou", "stance": "neutral", "customerId": "cus-1"}]})
    client.patch("/api/v1/stakeholders/stk-1", json={"stance": "opponent"},
                 headers={"X-Powermap-Actor": "emp-1"})
    (move,) = client.get("/api/v1/customers/cus-1/stance-changes").json()
    assert (move["fromStance"], move["toStance"], move["direction"], move["byName"]) == (
        "neutral", "opponent", "down", "Ann")


@pytest.mark.parametrize(("params", "field"), [
    ({"target": "stk-1", "maxHops": 7}, "maxHops"),
    ({"target": "stk-1", "k": 21}, "k"),
    ({"target": "stk-1", "k": 0}, "k"),
    ({}, "target"),
])
def test_influence_path_bounds_are_422(client, params, field):
    response = client.get("/api/v1/influence-paths", params=params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_unknown_ids_are_404(client):
    assert client.get("/api/v1/influence-paths", params={"target": "ghost"}).status_code == 404
    assert client.get("/api/v1/projects/ghost/power-map").status_code == 404
    assert client.get("/api/v1/customers/ghost/power-map").status_code == 404
    assert client.get("/api/v1/opportunities/ghost/lineage").status_code == 404
    assert client.get("/api/v1/projects/ghost/stance-changes").status_code == 404


def test_no_path_is_200_with_an_empty_list(client):
    load_graph_document(client.app.state.graph, {"Stakeholder": [{"id": "stk-1", "name": "Alone"}]})
    response = client.get("/api/v1/influence-paths", params={"target": "stk-1"})
    assert response.status_code == 200 and response.json()["paths"] == []


def test_bad_as_of_is_422(client):
    response = client.get("/api/v1/projects/p/power-map", params={"asOf": "yesterday"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "asOf"


def test_cli_prints_the_three_answers(cli_env, demo):
    runner = CliRunner()
    mapped = runner.invoke(cli.app, ["power-map", "prj-5g-core", "--report-date", "2026-11-27"])
    # With the traceback: one fresh-clone run saw this command end in a BufferError nobody could place.
    assert mapped.exit_code == 0, mapped.output + "".join(traceback.format_exception(*mapped.exc_info or (None,)))
    assert "Zhou Min" in mapped.output and "Empty required seats: procurement: coach" in mapped.output
    paths = runner.invoke(cli.app, ["paths", "--to", "stk-zhou-min"])
    assert paths.exit_code == 0 and "Chen Hui sways CTO Zhou Min (0.9)" in paths.output
    lineage = runner.invoke(cli.app, ["lineage", "opp-5g-core"])
    assert lineage.exit_code == 0 and "Core capacity review" in lineage.output
    missing = runner.invoke(cli.app, ["paths", "--to", "ghost"])
    assert missing.exit_code == 1 and "no Stakeholder with id ghost" in missing.output


def test_cli_scorecard_and_bid_report(cli_env, demo, tmp_path):
    runner = CliRunner()
    card = runner.invoke(cli.app, ["scorecard", "team", "team-mobile", "--year", "2026"])
    assert card.exit_code == 0, card.output
    assert "orderIntake" in card.output and "Strongest competitor: Nordwave Networks" in card.output
    target = tmp_path / "review.html"
    report = runner.invoke(cli.app, ["report", "bid", "prj-5g-core", "--format", "html", "-o", str(target)])
    assert report.exit_code == 0, report.output
    assert "<svg" in target.read_text() and "Zhou Min" in target.read_text()
