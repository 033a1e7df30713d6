"""Opportunity lineage, forwards and backwards, on a crafted graph."""

import pytest

from powermap.errors import NotFound
from powermap.graph.loaders import load_graph_document
from powermap.services.lineage import lineage_of_contract, lineage_of_opportunity, lineage_of_project

STORY = {
    "Customer": [{"id": "cus-1", "name": "Acme"}],
    "Stakeholder": [{"id": "stk-cto", "name": "Zhou", "title": "CTO", "customerId": "cus-1"}],
    "Employee": [{"id": "emp-a", "name": "Ann", "role": "SR"}],
    "Activity": [
        {"id": "act-scan", "type": "technical_exchange", "title": "Core scan", "status": "done",
         "plannedAt": "2025-03-01T09:00:00Z", "doneAt": "2025-03-01T12:00:00Z", "ownerId": "emp-a"},
        {"id": "act-bid", "type": "bid_clarification", "status": "done", "rating": 4,
         "plannedAt": "2025-09-01T09:00:00Z", "doneAt": "2025-09-01T12:00:00Z", "projectId": "prj-1"},
    ],
    "Insight": [
        {"id": "ins-tech", "channel": "technical", "layer": "network_performance", "summary": "core full",
         "foundAt": "2025-03-01T12:00:00Z", "customerId": "cus-1", "raisedById": "stk-cto",
         "surfacedById": "act-scan"},
        {"id": "ins-svc", "channel": "service", "summary": "outages", "foundAt": "2025-01-01T00:00:00Z",
         "customerId": "cus-1"},
    ],
    "Opportunity": [{"id": "opp-1", "name": "Core", "horizon": "short", "marketSpace": 10, "growthRate": 0.1,
                     "profitMargin": 0.2, "competitiveIntensity": 3, "resourceCost": 2,
                     "customerId": "cus-1", "insightIds": ["ins-tech", "ins-svc"]}],
    "Plan": [{"id": "plan-25", "year": 2025, "orderTarget": 10, "budget": 5, "customerId": "cus-1"},
             {"id": "plan-24", "year": 2024, "orderTarget": 10, "budget": 1, "customerId": "cus-1"}],
    "Project": [{"id": "prj-1", "name": "Core swap", "stage": "delivery", "customerId": "cus-1",
                 "opportunityId": "opp-1", "stageHistory": [
                     {"stage": "lead", "at": "2025-04-01T00:00:00Z", "by": "emp-a"},
                     {"stage": "bid", "at": "2025-08-01T00:00:00Z"},
                     {"stage": "contract", "at": "2025-10-01T00:00:00Z"},
                     {"stage": "delivery", "at": "2025-11-01T00:00:00Z"}]},
                {"id": "prj-orphan", "name": "Walk-in", "customerId": "cus-1"}],
    "Contract": [{"id": "ctr-1", "value": 9, "signedAt": "2025-10-01T00:00:00Z", "projectId": "prj-1"}],
    "relationships": {
        "TARGETS": [["plan-25", "opp-1", {"rank": 1}]],
        "DECLINES": [["plan-24", "opp-1", {"reason": "over budget"}]],
    },
}


def test_forwards_from_the_opportunity(graph):
    load_graph_document(graph, STORY)
    lineage = lineage_of_opportunity(graph, opportunity_id="opp-1")
    assert lineage.customer.id == "cus-1"
    assert [(i.id, i.channel.value) for i in lineage.insights] == [("ins-svc", "service"),
                                                                   ("ins-tech", "technical")]
    technical = lineage.insights[1]
    assert technical.layer == "network_performance" and [person.name for person in technical.raised_by] == ["Zhou"]
    assert [a.id for a in technical.surfaced_by] == ["act-scan"]
    assert technical.surfaced_by[0].owner.id == "emp-a"
    assert [(d.year, d.decision, d.reason) for d in lineage.decisions] == [
        (2024, "declined", "over budget"), (2025, "targeted", None)]
    (project,) = lineage.projects
    assert [s.stage.value for s in project.stage_history] == ["lead", "bid", "contract", "delivery"]
    assert [s.from_stage.value if s.from_stage else None for s in project.stage_history] == [
        None, "lead", "bid", "contract"]
    assert [a.id for a in project.activities] == ["act-bid"]
    assert [contract.id for contract in project.contracts] == ["ctr-1"]


def test_an_insight_raised_by_two_people_is_listed_once_with_both(graph):
    load_graph_document(graph, {**STORY, "Stakeholder": [
        *STORY["Stakeholder"], {"id": "stk-cfo", "name": "Anna", "customerId": "cus-1"}]})
    graph.driver.execute_query("MATCH (i:Insight {id: 'ins-tech'}), (s:Stakeholder {id: 'stk-cfo'}) "
                               "CREATE (i)-[:RAISED_BY]->(s)", database_=graph.database)
    lineage = lineage_of_opportunity(graph, opportunity_id="opp-1")
    assert [insight.id for insight in lineage.insights] == ["ins-svc", "ins-tech"], "once each"
    technical = lineage.insights[1]
    assert [person.id for person in technical.raised_by] == ["stk-cfo", "stk-cto"], "both, by name"
    assert [a.id for a in technical.surfaced_by] == ["act-scan"], "not repeated per raiser"
    assert lineage.insights[0].raised_by == []


def test_every_contract_of_a_project_in_signing_order_from_every_direction(graph):
    load_graph_document(graph, {**STORY, "Contract": [
        {"id": "ctr-2", "value": 4, "signedAt": "2025-12-01T00:00:00Z", "projectId": "prj-1"},
        *STORY["Contract"],
        {"id": "ctr-0", "value": 1, "signedAt": "2025-12-01T00:00:00Z", "projectId": "prj-1"}]})
    expected = ["ctr-1", "ctr-0", "ctr-2"]  # by signing day, a same-day tie by id
    for _ in range(3):
        for lineage in (lineage_of_opportunity(graph, opportunity_id="opp-1"),
                        lineage_of_project(graph, project_id="prj-1"),
                        lineage_of_contract(graph, contract_id="ctr-2"),
                        lineage_of_contract(graph, contract_id="ctr-1")):
            (project,) = lineage.projects
            assert [contract.id for contract in project.contracts] == expected


def test_backwards_from_contract_and_project_give_the_same_story(graph):
    load_graph_document(graph, STORY)
    forwards = lineage_of_opportunity(graph, opportunity_id="opp-1")
    for lineage in (lineage_of_contract(graph, contract_id="ctr-1"),
                    lineage_of_project(graph, project_id="prj-1")):
        assert lineage.opportunity.id == "opp-1"
        assert lineage.model_dump(exclude={"focus"}) == forwards.model_dump(exclude={"focus"})


def test_project_without_opportunity_has_no_upstream(graph):
    load_graph_document(graph, STORY)
    lineage = lineage_of_project(graph, project_id="prj-orphan")
    assert lineage.opportunity is None and lineage.insights == [] and lineage.decisions == []
    assert [p.id for p in lineage.projects] == ["prj-orphan"]


def test_unknown_ids_are_not_found(graph):
    for call in (lambda: lineage_of_opportunity(graph, opportunity_id="x"),
                 lambda: lineage_of_project(graph, project_id="x"),
                 lambda: lineage_of_contract(graph, contract_id="x")):
        with pytest.raises(NotFound):
            call()
