"""Opportunity ranking and selection (../shared/DOMAIN.md, "Opportunity ranking").

Each factor is min-max normalised across the ranked set, competitive intensity inverted, and
score = 0.40 market space + 0.20 growth + 0.25 profit + 0.15 inverted intensity (weights can be
overridden; they must sum to 1). Decisions the definition leaves open:

- A factor on which every ranked opportunity is equal (or a set of one) normalises to 0.5 for all:
  it neither helps nor hurts anyone.
- Equal scores rank by lower resource cost, then by id, so the order is stable.
- Selection walks the ranking and takes each opportunity that still fits the budget (cost equal to
  what is left fits). Opportunities below `minScore` are declined as "below the cut" even if they
  fit; the rest that do not fit are declined as "over budget", with what they need and what was left.
- Selection writes the plan's decisions; it does not change opportunities' own `status`.
"""

from powermap.graph.driver import Graph
from powermap.graph.repositories import sandbox as sandbox_store
from powermap.models.sandbox import (
    Decision,
    OpportunityFactors,
    PlanOverview,
    RankedOpportunity,
    Sandbox,
    Selection,
    SelectionRequest,
    Weights,
)
from powermap.models.security import Principal
from powermap.models.versions import version_of
from powermap.services import policy
from powermap.vocab import OpportunityStatus

# Factor (named as the weights are on the wire) -> the opportunity attribute it is computed from.
FACTORS = {"marketSpace": "market_space", "growth": "growth_rate", "profit": "profit_margin",
           "intensity": "competitive_intensity"}


def _normalise(values: list[float], *, inverted: bool) -> list[float]:
    low, high = min(values), max(values)
    if high == low:
        return [0.5 for _ in values]
    return [((high - v) if inverted else (v - low)) / (high - low) for v in values]


def rank(opportunities: list[OpportunityFactors], weights: Weights) -> list[RankedOpportunity]:
    """The opportunities ordered by attractiveness, each with its factors and score."""
    if not opportunities:
        return []
    normalised = {
        name: _normalise([float(getattr(o, field)) for o in opportunities], inverted=name == "intensity")
        for name, field in FACTORS.items()
    }
    weight = weights.model_dump()
    scored = []
    for index, opportunity in enumerate(opportunities):
        parts = {name: normalised[name][index] for name in FACTORS}
        score = sum(weight[name] * value for name, value in parts.items())
        scored.append((round(score, 12), opportunity, parts))
    scored.sort(key=lambda item: (-item[0], item[1].resource_cost, item[1].id))
    return [
        RankedOpportunity(
            rank=position, id=o.id, name=o.name, horizon=o.horizon, status=o.status,
            resource_cost=o.resource_cost, factors={name: getattr(o, field) for name, field in FACTORS.items()},
            normalised=parts, score=score)
        for position, (score, o, parts) in enumerate(scored, start=1)
    ]


def _decision(item: RankedOpportunity, decision: str, reason: str | None = None) -> Decision:
    return Decision(opportunity_id=item.id, name=item.name, rank=item.rank, score=item.score,
                    resource_cost=item.resource_cost, decision=decision, reason=reason)


def select(ranked: list[RankedOpportunity], *, budget: float, min_score: float = 0.0) -> tuple[list[Decision], float]:
    """Walk the ranking and take each that still fits; every other one is declined with a reason."""
    decisions: list[Decision] = []
    left = budget
    for item in ranked:
        if item.score < min_score:
            decisions.append(_decision(item, "DECLINES", f"below the cut: score {item.score:.2f} < {min_score:g}"))
        elif item.resource_cost <= left + 1e-9:
            left -= item.resource_cost
            decisions.append(_decision(item, "TARGETS"))
        else:
            decisions.append(_decision(item, "DECLINES",
                                       f"over budget: needs {item.resource_cost:g}, {left:g} left"))
    return decisions, budget - left


def customer_sandbox(graph: Graph, *, customer_id: str, weights: Weights, horizon: str | None = None,
                     status: str | None = None) -> Sandbox:
    """The customer's sandbox, ranked."""
    found = sandbox_store.sandbox_opportunities(graph, customer_id=customer_id, horizon=horizon, status=status)
    return Sandbox(customer_id=found.customer.id, customer_name=found.customer.name,
                   weights=weights, opportunities=rank(found.opportunities, weights))


def select_for_plan(graph: Graph, *, principal: Principal, customer_id: str, year: int,
                    request: SelectionRequest) -> Selection:
    """Rank the customer's open sandbox and record the plan's targets and declines."""
    plan = sandbox_store.plan_of_year(graph, customer_id=customer_id, year=year)
    found = sandbox_store.sandbox_opportunities(graph, customer_id=customer_id, horizon=request.horizon,
                                                status=None)
    candidates = [o for o in found.opportunities if o.status != OpportunityStatus.CLOSED]
    budget = request.budget if request.budget is not None else plan.budget
    decisions, used = select(rank(candidates, request.weights), budget=budget, min_score=request.min_score)
    sandbox_store.record_selection(graph, plan_id=plan.id, decisions=[
        {"opportunityId": d.opportunity_id, "type": d.decision, "rank": d.rank, "score": d.score,
         "reason": d.reason} for d in decisions], who=principal.signature, authorize=policy.write_guard(principal))
    return Selection(plan_id=plan.id, budget=budget, used=used,
                     targets=[d for d in decisions if d.decision == "TARGETS"],
                     declines=[d for d in decisions if d.decision == "DECLINES"])


def plan_overview(graph: Graph, *, plan_id: str) -> PlanOverview:
    """A plan with its targets, declines and progress against the order target."""
    found = sandbox_store.plan_overview(graph, plan_id=plan_id)
    plan = found.plan
    return PlanOverview.model_validate({
        **plan, "customerId": found.customer_id,
        "version": version_of({**plan, "customerId": found.customer_id}),  # as the generic node read has it
        "targets": [d for d in found.decisions if d.decision == "TARGETS"],
        "declines": [d for d in found.decisions if d.decision == "DECLINES"],
        "orderIntake": found.order_intake, "contracts": found.contracts,
        "progress": found.order_intake / plan["orderTarget"] if plan["orderTarget"] else 0.0,
    })
