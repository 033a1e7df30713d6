"""A small graph of two customers, each covered by its own team, and the keys of every role.

Used by the permission matrix and the access-policy regressions: customer A is covered by team A
(employee emp-a), customer B by team B (emp-b); emp-u is on no team.
"""

from dataclasses import dataclass

from powermap.graph.driver import Graph
from powermap.graph.loaders import load_graph_document
from powermap.models.security import Principal, Role
from powermap.services.security import create_key

WORLD = {
    "Customer": [{"id": "cus-a", "name": "Covered by A"}, {"id": "cus-b", "name": "Covered by B"}],
    "Team": [{"id": "team-a", "name": "Team A", "customerIds": ["cus-a"]},
             {"id": "team-b", "name": "Team B", "customerIds": ["cus-b"]}],
    "Employee": [{"id": "emp-a", "name": "Ann", "role": "AR", "teamIds": ["team-a"], "email": "ann@us.example"},
                 {"id": "emp-b", "name": "Bob", "role": "AR", "teamIds": ["team-b"]},
                 {"id": "emp-u", "name": "Uma", "role": "SR"}],
    "OrgUnit": [{"id": "org-a", "name": "Network", "customerId": "cus-a"}],
    "Stakeholder": [
        {"id": "stk-a", "name": "Zhou", "stance": "neutral", "orgUnitId": "org-a", "notes": "plays golf",
         "email": "zhou@a.example"},
        {"id": "stk-a2", "name": "Li", "customerId": "cus-a"},
        {"id": "stk-b", "name": "Lena", "customerId": "cus-b", "notes": "private to B"}],
    "Competitor": [{"id": "cmp-x", "name": "Nordwave"}, {"id": "cmp-y", "name": "Southwave"}],
    "Insight": [{"id": "ins-a", "channel": "sales", "summary": "needs 5G", "foundAt": "2026-01-10T00:00:00Z",
                 "customerId": "cus-a", "raisedById": "stk-a"}],
    "Opportunity": [{"id": "opp-a", "name": "5G core", "horizon": "short", "marketSpace": 1000, "growthRate": 0.1,
                     "profitMargin": 0.2, "competitiveIntensity": 3, "resourceCost": 100, "customerId": "cus-a",
                     "insightIds": ["ins-a"]}],
    "Plan": [{"id": "plan-a", "year": 2026, "orderTarget": 1000, "budget": 500, "customerId": "cus-a"}],
    "Project": [{"id": "prj-a", "name": "Core", "stage": "lead", "value": 100, "customerId": "cus-a",
                 "opportunityId": "opp-a", "managerId": "emp-a"}],
    "DecisionChain": [{"id": "dc-a", "kind": "technical_selection", "projectId": "prj-a"}],
    "Activity": [
        {"id": "act-a", "type": "visit", "plannedAt": "2026-02-01T00:00:00Z", "status": "planned",
         "projectId": "prj-a", "stakeholderIds": ["stk-a"], "ownerId": "emp-a", "assignedById": "emp-a"},
        {"id": "act-done", "type": "visit", "plannedAt": "2026-01-01T00:00:00Z", "status": "done",
         "doneAt": "2026-01-02T00:00:00Z", "projectId": "prj-a", "stakeholderIds": ["stk-a"],
         "ownerId": "emp-a", "assignedById": "emp-a"}],
    "Assessment": [{"id": "asm-a", "at": "2026-01-05T00:00:00Z", "stance": "neutral", "note": "cautious about price",
                    "stakeholderId": "stk-a", "byId": "emp-a"}],
    "Contract": [{"id": "ctr-a", "value": 100, "signedAt": "2026-03-01T00:00:00Z", "projectId": "prj-a"}],
    "relationships": {
        "KNOWS": [["emp-a", "stk-a", {"strength": 0.7}]],
        "IN_CHAIN": [["stk-a", "dc-a", {"role": "decision_maker"}]],
        "ALIGNED_WITH": [["stk-b", "cmp-y", {"strength": 0.8}]],
    },
}


@dataclass(frozen=True)
class Caller:
    """One role of the matrix: how it is presented, and the principal the policy should see."""

    name: str
    principal: Principal
    headers: dict[str, str]


PRINCIPALS = {
    "viewer": Principal(key_id="k", name="viewer", role=Role.VIEWER),
    "editor of the covering team": Principal(key_id="k", name="editor A", role=Role.EDITOR, employee_id="emp-a",
                                             customers=frozenset({"cus-a"})),
    "editor of another team": Principal(key_id="k", name="editor B", role=Role.EDITOR, employee_id="emp-b",
                                        customers=frozenset({"cus-b"})),
    "unbound editor": Principal(key_id="k", name="unbound", role=Role.EDITOR),
    "admin": Principal(key_id="k", name="admin", role=Role.ADMIN, acting_employee_id="emp-a"),
}


def seed_world(graph: Graph) -> None:
    """Wipe everything but the keys, and write the world again."""
    graph.driver.execute_query("MATCH (n) WHERE NOT n:ApiKey DETACH DELETE n", database_=graph.database)
    load_graph_document(graph, WORLD)


def callers(graph: Graph) -> list[Caller]:
    """A key for each role of the matrix (the admin acts as emp-a, as a service account would)."""
    made = []
    for name, principal in PRINCIPALS.items():
        key, _ = create_key(graph, name=name, role=principal.role, employee_id=principal.employee_id)
        headers = {"Authorization": f"Bearer {key}"}
        if principal.role is Role.ADMIN:
            headers["X-Powermap-Actor"] = "emp-a"
        made.append(Caller(name, principal, headers))
    return made
