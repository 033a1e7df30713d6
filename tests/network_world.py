"""A constructed customer for network power, with its answers worked out by hand.

Acme's CEO decides the tender (chain: CEO decision maker, VP approver, CTO evaluator). The deputy
(stated influence 2, in no chain) is consulted by everyone in the CEO's camp: the hidden influencer.
The VP (stated influence 5) reports to the CEO but nobody is swayed by them: the paper tiger. Two
camps, the CEO's and the CTO's, are rivals (CONFLICTS_WITH) joined by one broker (BR); the CEO's
camp leans to Nordwave (CEO and A1 aligned: 2 of 6 >= 30%). Our Ann covers the CEO, VP and CTO, not
the deputy; the CEO sways the deputy a little, so the way in is Ann -> CEO -> deputy.
"""

from typing import Any

from powermap.models.network_power import CustomerNetwork

PEOPLE = [  # id, name, level, stated influence, stance
    ("ceo", "Chen (CEO)", "c_level", 5, "neutral"),
    ("dep", "Du (deputy CEO)", "c_level", 2, "supporter"),
    ("vp", "Vega (VP)", "vp", 5, "skeptic"),
    ("a1", "Ahn", None, 3, "neutral"),
    ("a2", "Alvarez", None, 3, "opponent"),
    ("br", "Brandt (broker)", None, 3, "neutral"),
    ("cto", "Cruz (CTO)", "c_level", 3, "supporter"),
    ("b1", "Bauer", None, 3, "champion"),
    ("b2", "Berg", None, 2, None),
    ("b3", "Bose", None, 3, "supporter"),
]
INFLUENCES = [
    ("dep", "ceo", 0.9), ("dep", "a1", 0.8), ("dep", "a2", 0.8), ("dep", "vp", 0.6), ("dep", "br", 0.5),
    ("a1", "a2", 0.5), ("ceo", "a1", 0.4), ("ceo", "dep", 0.3),
    ("cto", "b1", 0.8), ("cto", "b2", 0.8), ("cto", "b3", 0.8), ("b1", "b2", 0.5), ("b2", "b3", 0.5),
    ("br", "a2", 0.6), ("br", "b3", 0.6),
]
REPORTS_TO = [("dep", "ceo"), ("vp", "ceo"), ("a1", "ceo"), ("a2", "ceo"), ("b1", "cto"), ("b2", "cto"), ("b3", "cto")]
CONFLICTS = [("ceo", "cto")]
ALIGNED = [("ceo", "cmp-n", 0.7), ("a1", "cmp-n", 0.6), ("b1", "cmp-s", 0.3)]
COMPETITORS = {"cmp-n": "Nordwave", "cmp-s": "Southwave"}
CAMP_OF_CEO = ["dep", "ceo", "br", "a1", "a2", "vp"]  # by network power
CAMP_OF_CTO = ["cto", "b1", "b2", "b3"]


def network() -> CustomerNetwork:
    """The customer as the repository reads it (for tests without Neo4j)."""
    return CustomerNetwork.model_validate({
        "customer": {"id": "cus-n", "name": "Acme"},
        "people": [{"id": pid, "name": name, "level": level, "influence": influence, "stance": stance}
                   for pid, name, level, influence, stance in PEOPLE],
        "ties": [{"type": "INFLUENCES", "source": a, "target": b, "strength": s} for a, b, s in INFLUENCES]
        + [{"type": "REPORTS_TO", "source": a, "target": b} for a, b in REPORTS_TO]
        + [{"type": "CONFLICTS_WITH", "source": a, "target": b} for a, b in CONFLICTS],
        "alignments": [{"stakeholderId": sid, "competitorId": cid, "name": COMPETITORS[cid], "strength": s}
                       for sid, cid, s in ALIGNED],
    })


def document() -> dict[str, Any]:
    """The same customer as a graph document, with the project, its chain and our coverage."""
    return {
        "Customer": [{"id": "cus-n", "name": "Acme"}],
        "OrgUnit": [{"id": "org-n", "name": "Head office", "customerId": "cus-n"}],
        "Stakeholder": [{"id": pid, "name": name, "influence": influence, "orgUnitId": "org-n",
                         **({"level": level} if level else {}), **({"stance": stance} if stance else {})}
                        for pid, name, level, influence, stance in PEOPLE],
        "Competitor": [{"id": cid, "name": name} for cid, name in COMPETITORS.items()],
        "Employee": [{"id": "emp-a", "name": "Ann", "role": "AR"}],
        "Project": [{"id": "prj-n", "name": "Core tender", "stage": "opportunity", "customerId": "cus-n",
                     "managerId": "emp-a"}],
        "DecisionChain": [{"id": "dc-n", "kind": "technical_selection", "requiredRoles": ["decision_maker"],
                           "projectId": "prj-n"}],
        "relationships": {
            "INFLUENCES": [[a, b, {"strength": s}] for a, b, s in INFLUENCES],
            "REPORTS_TO": [[a, b, {}] for a, b in REPORTS_TO],
            "CONFLICTS_WITH": [[a, b, {}] for a, b in CONFLICTS],
            "ALIGNED_WITH": [[sid, cid, {"strength": s}] for sid, cid, s in ALIGNED],
            "IN_CHAIN": [["ceo", "dc-n", {"role": "decision_maker"}], ["vp", "dc-n", {"role": "approver"}],
                         ["cto", "dc-n", {"role": "evaluator"}]],
            "KNOWS": [["emp-a", sid, {"strength": s, "lastContact": "2026-06-01"}]
                      for sid, s in (("ceo", 0.8), ("vp", 0.7), ("cto", 0.6))],
        },
    }
