"""Network power against the real database: the reads, the cache, the bid review, the write-back."""

import html
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from powermap.graph.loaders import load_graph_document
from powermap.graph.model import Label, RelType
from powermap.models.relationships import RelationshipWrite
from powermap.models.security import SYSTEM, Principal, Role
from powermap.services import network_power as network_service
from powermap.services.bid_review import bid_review
from powermap.services.network_power import NetworkRules
from powermap.services.policy import Forbidden
from powermap.services.power_map import Thresholds, customer_power_map, project_power_map
from powermap.services.relationships import delete_relationship, put_relationship
from tests import network_world as world

RULES = NetworkRules()
REPORT = date(2026, 6, 30)


def _seed(graph):
    load_graph_document(graph, world.document())


def _cypher(graph, statement, **params):
    return graph.driver.execute_query(statement, params, database_=graph.database).records


def test_the_customer_answer_read_from_the_graph(graph):
    _seed(graph)
    answer = network_service.customer_network_power(graph, customer_id="cus-n", rules=RULES)
    assert [p.stakeholder_id for p in answer.hidden_influencers] == ["dep"]
    assert [p.stakeholder_id for p in answer.paper_tigers] == ["vp"]
    assert answer.top_broker is not None and answer.top_broker.stakeholder_id == "br"
    assert [camp.members for camp in answer.camps] == [world.CAMP_OF_CEO, world.CAMP_OF_CTO]
    assert {p.stakeholder_id: p.roles for p in answer.people if p.roles} == {
        "ceo": ["decision_maker"], "vp": ["approver"], "cto": ["evaluator"]}


def test_the_project_answer_lists_the_chain_and_who_sways_it(graph):
    _seed(graph)
    answer = network_service.project_network_power(graph, project_id="prj-n", rules=RULES)
    assert sorted(p.stakeholder_id for p in answer.people) == ["ceo", "cto", "dep", "vp"]
    assert [(d.stakeholder_id, d.camp, d.camp_leans_to.name if d.camp_leans_to else None)
            for d in answer.decision_makers] == [("ceo", 1, "Nordwave")]


def test_the_cache_holds_until_the_graph_changes(graph):
    _seed(graph)
    first = network_service.analysis_of(graph, customer_id="cus-n", rules=RULES)
    again = network_service.analysis_of(graph, customer_id="cus-n", rules=RULES)
    assert again is first, "unchanged graph: the cached analysis"
    # Move BR's tie from B3 to B2 with the same strength, through the relationship writes.
    delete_relationship(graph, principal=SYSTEM, rel_type=RelType.INFLUENCES, source=Label.STAKEHOLDER,
                        target=Label.STAKEHOLDER, from_id="br", to_id="b3")
    put_relationship(graph, principal=SYSTEM, rel_type=RelType.INFLUENCES, write=RelationshipWrite.model_validate(
        {"from": "br", "to": "b2", "properties": {"strength": 0.6}}))
    changed = network_service.analysis_of(graph, customer_id="cus-n", rules=RULES)
    assert changed is not first
    bridges = {camp.id: [b.tied_to for b in camp.bridges] for camp in changed.camps}
    assert bridges[1] == [["b2"]], "the bridge now leads to B2"


def test_data_never_marked_is_computed_on_every_request(graph):
    _seed(graph)
    _cypher(graph, "MATCH (mark:NetworkMark) DELETE mark")  # as if written by Cypher outside Powermap
    first = network_service.analysis_of(graph, customer_id="cus-n", rules=RULES)
    _cypher(graph, "MATCH (:Stakeholder {id: 'br'})-[r:INFLUENCES]->(:Stakeholder {id: 'b3'}) DELETE r")
    changed = network_service.analysis_of(graph, customer_id="cus-n", rules=RULES)
    assert changed is not first and [b.tied_to for b in changed.camps[0].bridges] == []


def test_who_left_and_ended_reporting_lines_are_not_counted(graph):
    _seed(graph)
    _cypher(graph, "MATCH (s:Stakeholder {id: 'b2'}) SET s.leftAt = date('2026-01-31')")
    _cypher(graph, "MATCH (:Stakeholder {id: 'vp'})-[r:REPORTS_TO]->() SET r.until = date('2026-02-01')")
    network, _ = network_service.network_store.customer_network(graph, customer_id="cus-n", today=REPORT)
    assert "b2" not in {p.id for p in network.people}
    assert ("vp", "ceo") not in {(t.source, t.target) for t in network.ties if t.type == "REPORTS_TO"}
    before, _ = network_service.network_store.customer_network(graph, customer_id="cus-n", today=date(2026, 1, 15))
    assert "b2" in {p.id for p in before.people}
    assert ("vp", "ceo") in {(t.source, t.target) for t in before.ties if t.type == "REPORTS_TO"}


def test_the_power_map_shows_network_power_and_camp(graph):
    _seed(graph)
    project_map = project_power_map(graph, project_id="prj-n", report_date=REPORT, thresholds=Thresholds())
    shown = {p.id: (round(p.network_power or 0, 2), p.camp) for p in project_map.stakeholders}
    assert shown == {"ceo": (0.96, 1), "vp": (0.05, 1), "cto": (0.17, 2)}
    assert {n.id: n.camp for n in project_map.nodes if n.kind == "Stakeholder"} == {"ceo": 1, "vp": 1, "cto": 2}
    customer_map = customer_power_map(graph, customer_id="cus-n", report_date=REPORT, thresholds=Thresholds())
    assert {p.id: p.network_power for p in customer_map.stakeholders}["dep"] == 1.0
    past = project_power_map(graph, project_id="prj-n", as_of=datetime(2026, 6, 1, tzinfo=UTC),
                             thresholds=Thresholds())
    assert all(p.network_power is None for p in past.stakeholders), "network power is today's"


def test_the_bid_review_names_the_two_risks_and_the_way_to_the_hidden_influencer(graph, settings):
    _seed(graph)
    review = bid_review(graph, project_id="prj-n", report_date=REPORT, settings=settings)
    network_risks = [(r.kind, r.stakeholder_id) for r in review.risks
                     if r.kind in ("uncovered_hidden_influencer", "decision_maker_camp_leans_to_competitor")]
    assert network_risks == [("uncovered_hidden_influencer", "dep"), ("decision_maker_camp_leans_to_competitor", "ceo")]
    [to_deputy] = [a for a in review.actions if a.stakeholder_id == "dep"]
    assert to_deputy.why.startswith("hidden influencer (network power 1.00); uncovered")
    assert to_deputy.path is not None and [p.id for p in to_deputy.path.people] == ["emp-a", "ceo", "dep"]


def test_covering_the_hidden_influencer_clears_the_risk(graph, settings):
    _seed(graph)
    _cypher(graph, "MATCH (e:Employee {id: 'emp-a'}), (s:Stakeholder {id: 'dep'}) "
                   "CREATE (e)-[:KNOWS {strength: 0.7}]->(s)")
    review = bid_review(graph, project_id="prj-n", report_date=REPORT, settings=settings)
    assert "uncovered_hidden_influencer" not in {r.kind for r in review.risks}
    assert "dep" not in {a.stakeholder_id for a in review.actions}, "covered and a supporter: nothing to do"


def test_write_back_goes_through_the_policy_and_the_audit(graph):
    _seed(graph)
    stranger = Principal(key_id="k", name="editor B", role=Role.EDITOR, employee_id="emp-b",
                         customers=frozenset({"cus-other"}))
    with pytest.raises(Forbidden):
        network_service.write_network_power(graph, principal=stranger, customer_id="cus-n", rules=RULES)
    assert _cypher(graph, "MATCH (s:Stakeholder) WHERE s.networkPower IS NOT NULL RETURN count(s) AS n")[0]["n"] == 0
    written = network_service.write_network_power(graph, principal=SYSTEM, customer_id="cus-n", rules=RULES)
    assert written.written == 10
    stored = {r["id"]: (r["power"], r["camp"]) for r in _cypher(
        graph, "MATCH (s:Stakeholder) RETURN s.id AS id, s.networkPower AS power, s.camp AS camp")}
    assert stored["dep"] == (1.0, 1) and stored["cto"][1] == 2
    audited = _cypher(graph, "MATCH (a:AuditEntry {action: 'network power'}) RETURN a.entityId AS id")
    assert len(audited) == 10


def test_the_browser_guide_computes_the_same_network_power_in_cypher(graph):
    _seed(graph)
    guide = (Path(__file__).resolve().parents[2] / "browser" / "guide.html").read_text(encoding="utf-8")
    slide = guide[guide.index("Who really decides?"):]
    statement = html.unescape(slide[slide.index('runnable">') + len('runnable">'):slide.index("</pre>")])
    ranked = _cypher(graph, statement.replace("cus-meridian-mobile", "cus-n"))
    answer = network_service.customer_network_power(graph, customer_id="cus-n", rules=RULES)
    expected = {p.name: p.network_power for p in answer.people}
    assert [row["stakeholder"] for row in ranked][:2] == ["Du (deputy CEO)", "Chen (CEO)"]
    assert {row["stakeholder"]: row["networkPowerInCypher"] for row in ranked} == {
        name: pytest.approx(power, abs=0.006) for name, power in expected.items()}
