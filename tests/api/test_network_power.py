"""The network-power answers over HTTP, on the constructed customer."""

from powermap.graph.loaders import load_graph_document
from tests import network_world as world


def test_customer_network_power(client, graph):
    load_graph_document(graph, world.document())
    response = client.get("/api/v1/customers/cus-n/network-power")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [p["stakeholderId"] for p in body["hiddenInfluencers"]] == ["dep"]
    assert [p["stakeholderId"] for p in body["paperTigers"]] == ["vp"]
    assert body["topBroker"]["stakeholderId"] == "br"
    assert [camp["members"] for camp in body["camps"]] == [world.CAMP_OF_CEO, world.CAMP_OF_CTO]
    assert body["camps"][0]["leansTo"]["name"] == "Nordwave"
    assert body["rules"]["damping"] == 0.85 and body["people"][0]["networkPower"] == 1.0


def test_project_network_power(client, graph):
    load_graph_document(graph, world.document())
    body = client.get("/api/v1/projects/prj-n/network-power").json()
    assert body["scope"] == {"kind": "project", "id": "prj-n", "name": "Core tender", "customerId": "cus-n"}
    [decider] = body["decisionMakers"]
    assert (decider["stakeholderId"], decider["camp"], decider["campLeansTo"]["name"]) == ("ceo", 1, "Nordwave")
    assert [bridge["stakeholderId"] for bridge in decider["bridges"]] == ["br"]


def test_the_power_map_and_bid_review_carry_it(client, graph):
    load_graph_document(graph, world.document())
    power_map = client.get("/api/v1/projects/prj-n/power-map").json()
    assert {p["id"]: p["camp"] for p in power_map["stakeholders"]} == {"ceo": 1, "vp": 1, "cto": 2}
    review = client.get("/api/v1/projects/prj-n/bid-review").json()
    kinds = {risk["kind"] for risk in review["risks"]}
    assert {"uncovered_hidden_influencer", "decision_maker_camp_leans_to_competitor"} <= kinds


def test_unknown_scopes_are_404s(client, graph):
    for url in ("/api/v1/customers/nope/network-power", "/api/v1/projects/nope/network-power"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/problem+json")
