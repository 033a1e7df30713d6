"""Reads and writes behind the strategic sandbox and plans."""

from typing import Any

from neo4j import ManagedTransaction

from powermap.errors import NotFound
from powermap.graph import catalog
from powermap.graph.changes import Action, Authorize, Change
from powermap.graph.driver import Graph, rows, single
from powermap.graph.model import Label, RelType
from powermap.graph.repositories.security import customers_of, record_audit
from powermap.models.sandbox import CustomerOpportunities, PlanBudget, PlanStanding
from powermap.models.security import Signature


def sandbox_opportunities(graph: Graph, *, customer_id: str, horizon: str | None,
                          status: str | None) -> CustomerOpportunities:
    """The customer and its opportunities with their factors."""
    found = graph.read(lambda tx: single(tx, catalog.query("sandbox/opportunities"), customerId=customer_id,
                                         horizon=horizon, status=status))
    if found is None:
        raise NotFound(f"no Customer with id {customer_id}", field="id")
    return CustomerOpportunities.model_validate(found)


def plan_of_year(graph: Graph, *, customer_id: str, year: int) -> PlanBudget:
    """The customer's plan for a year; NotFound naming what is missing."""
    found = graph.read(lambda tx: single(tx, catalog.query("sandbox/plan_of_year"), customerId=customer_id,
                                         year=year))
    if found is None:
        raise NotFound(f"no Customer with id {customer_id}", field="id")
    if found["plan"] is None:
        raise NotFound(f"customer {customer_id} has no plan for {year}; create one with POST /plans",
                       field="year")
    return PlanBudget.model_validate(found["plan"])


def _record(tx: ManagedTransaction, plan_id: str, decisions: list[dict[str, Any]], who: Signature,
            authorize: Authorize) -> None:
    before = {"decisions": rows(tx, catalog.query("sandbox/decisions_of_plan"), planId=plan_id)}
    touched = {(Label.PLAN, plan_id), *((Label.OPPORTUNITY, d["opportunityId"]) for d in decisions)}
    authorize(Change(action=Action.UPDATE, label=Label.PLAN, entity_id=plan_id, before=before,
                     after={"decisions": decisions}, relationship_types=frozenset({RelType.TARGETS, RelType.DECLINES}),
                     customers=frozenset(set().union(*customers_of(tx, touched).values()))))
    single(tx, catalog.query("sandbox/drop_stale_decisions"), planId=plan_id, decisions=decisions)
    single(tx, catalog.query("sandbox/write_decisions"), planId=plan_id, decisions=decisions)
    record_audit(tx, who=who, action="select", label=Label.PLAN.value, entity_id=plan_id, before=before,
                 after={"decisions": decisions})


def record_selection(graph: Graph, *, plan_id: str, decisions: list[dict[str, Any]], who: Signature,
                     authorize: Authorize) -> None:
    """Make the plan's TARGETS and DECLINES exactly these decisions, judged and audited, in one transaction."""
    graph.write(_record, plan_id, decisions, who, authorize)


def plan_overview(graph: Graph, *, plan_id: str) -> PlanStanding:
    """A plan, its decisions and its order intake."""
    found = graph.read(lambda tx: single(tx, catalog.query("sandbox/plan_overview"), planId=plan_id))
    if found is None:
        raise NotFound(f"no Plan with id {plan_id}", field="id")
    return PlanStanding.model_validate(found)
