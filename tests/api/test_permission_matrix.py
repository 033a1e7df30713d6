"""The permission matrix: every operation of the OpenAPI document, as every role, against the running API.

Each case names a request and what it touches (the facts of the data: label, relationship types,
customers, the values a workflow rule reads). The expected status is *generated from the policy*:
the case's `Change` is judged by `policy.authorize_write` for each role's principal (a refusal is a
403, else the case's success status), reads by the role they need. The running API must answer
exactly that. A new operation without a case fails `test_every_operation_has_a_case`.
"""

from dataclasses import dataclass
from typing import Any

import pytest

from powermap.graph.changes import Action, Change
from powermap.graph.model import Label, RelType
from powermap.models.security import Principal, Role
from powermap.services import policy
from tests.api.access_world import callers, seed_world

L, R = Label, RelType
A = frozenset({"cus-a"})


@dataclass(frozen=True)
class Case:
    method: str
    operation: str  # the OpenAPI path template
    url: str
    success: int = 200
    body: Any = None
    params: dict | None = None
    change: Change | None = None  # None: a read
    needs: Role = Role.VIEWER
    content: str | None = None

    @property
    def name(self) -> str:
        return f"{self.method} {self.url}"

    def expected(self, principal: Principal) -> int:
        """What the policy says this principal gets."""
        try:
            policy.require_role(principal, self.needs)
            if self.change is not None:
                policy.authorize_write(principal, self.change)
        except policy.Forbidden:
            return 403
        return self.success


def write(action: Action, label: Label | None, customers: frozenset = A, types: frozenset = frozenset(),
          before: dict | None = None, after: dict | None = None, entity: str = "x") -> Change:
    return Change(action=action, label=label, entity_id=entity, before=before, after=after,
                  relationship_types=types, customers=customers)


C, U, D = Action.CREATE, Action.UPDATE, Action.DELETE
NONE: frozenset = frozenset()

# Per node kind: (path, the id written, a create body, a patch body, what the node touches, the
# relationship types a PUT of the same links writes, the types a cascade delete removes).
NODE_CASES: list[tuple[str, Label, str, dict, dict, frozenset, frozenset, frozenset]] = [
    ("customers", L.CUSTOMER, "cus-a", {"name": "Covered by A"}, {"region": "EMEA"}, A, NONE,
     frozenset({R.COVERS, R.PART_OF, R.AT, R.FOR, R.ABOUT, R.WORKS_IN})),
    ("org-units", L.ORG_UNIT, "org-a", {"name": "Network", "customerId": "cus-a"}, {"name": "Radio"}, A, NONE,
     frozenset({R.PART_OF, R.WORKS_IN, R.KNOWS})),
    ("stakeholders", L.STAKEHOLDER, "stk-a2", {"name": "Li", "customerId": "cus-a"}, {"title": "CTO"}, A, NONE,
     frozenset({R.WORKS_IN})),
    ("employees", L.EMPLOYEE, "emp-u", {"name": "Uma", "role": "SR"}, {"name": "Uma M."}, NONE, NONE, NONE),
    ("teams", L.TEAM, "team-a", {"name": "Team A", "customerIds": ["cus-a"]}, {"name": "Team A1"}, A, NONE,
     frozenset({R.MEMBER_OF, R.COVERS})),
    ("competitors", L.COMPETITOR, "cmp-x", {"name": "Nordwave"}, {"name": "Nordwave AB"}, NONE, NONE, NONE),
    ("insights", L.INSIGHT, "ins-a", {"channel": "sales", "summary": "s", "foundAt": "2026-01-10T00:00:00Z",
                                       "customerId": "cus-a", "raisedById": "stk-a"},
     {"summary": "needs 5G soon"}, A, NONE, frozenset({R.ABOUT, R.RAISED_BY, R.DERIVED_FROM})),
    ("opportunities", L.OPPORTUNITY, "opp-a", {"name": "5G core", "horizon": "short", "marketSpace": 1000,
                                               "growthRate": 0.1, "profitMargin": 0.2, "competitiveIntensity": 3,
                                               "resourceCost": 100, "customerId": "cus-a", "insightIds": ["ins-a"]},
     {"marketSpace": 2000}, A, NONE, frozenset({R.AT, R.DERIVED_FROM, R.PURSUES})),
    ("plans", L.PLAN, "plan-a", {"year": 2026, "orderTarget": 1000, "budget": 500, "customerId": "cus-a"},
     {"budget": 600}, A, NONE, frozenset({R.FOR})),
    ("projects", L.PROJECT, "prj-a", {"name": "Core", "stage": "lead", "value": 100, "customerId": "cus-a",
                                      "opportunityId": "opp-a", "managerId": "emp-a"},
     {"value": 200}, A, NONE, frozenset({R.AT, R.PURSUES, R.MANAGED_BY, R.HAS_CHAIN})),
    ("decision-chains", L.DECISION_CHAIN, "dc-a", {"kind": "technical_selection", "projectId": "prj-a"},
     {"requiredRoles": ["decision_maker"]}, A, NONE, frozenset({R.HAS_CHAIN, R.IN_CHAIN})),
    ("activities", L.ACTIVITY, "act-a", {"type": "visit", "plannedAt": "2026-02-01T00:00:00Z", "status": "planned",
                                         "projectId": "prj-a", "stakeholderIds": ["stk-a"], "ownerId": "emp-a",
                                         "assignedById": "emp-a"},
     {"title": "Site visit"}, A, NONE, frozenset({R.FOR_PROJECT, R.WITH, R.OWNED_BY, R.ASSIGNED_BY})),
    ("assessments", L.ASSESSMENT, "asm-a", {"at": "2026-01-05T00:00:00Z", "stance": "neutral",
                                            "stakeholderId": "stk-a", "byId": "emp-a"},
     {"stance": "supporter"}, A, NONE, frozenset({R.OF, R.BY})),
    ("contracts", L.CONTRACT, "ctr-a", {"value": 100, "signedAt": "2026-03-01T00:00:00Z", "projectId": "prj-a"},
     {"value": 150}, A, NONE, frozenset({R.RESULTED_IN})),
]


def _node_cases() -> list[Case]:
    cases = []
    for path, label, node_id, body, patch, touches, put_types, delete_types in NODE_CASES:
        created = frozenset({"cus-new"}) if label is L.CUSTOMER else touches
        creates_grant = frozenset({R.COVERS}) if label is L.TEAM else NONE
        base = f"/api/v1/{path}"
        cases += [
            Case("POST", f"{base}", base, 201, body, change=write(C, label, created, creates_grant, after=body)),
            Case("GET", f"{base}", base),
            Case("PUT", f"{base}/{{node_id}}", f"{base}/{node_id}", 200, body,
                 change=write(U, label, touches, put_types, before=body, after=body)),
            Case("GET", f"{base}/{{node_id}}", f"{base}/{node_id}"),
            Case("PATCH", f"{base}/{{node_id}}", f"{base}/{node_id}", 200, patch,
                 change=write(U, label, touches, before=body, after={**body, **patch})),
            Case("DELETE", f"{base}/{{node_id}}", f"{base}/{node_id}?cascade=true",
                 change=write(D, label, touches, delete_types, before=body)),
        ]
    return cases


KNOWS = {"from": "emp-a", "to": "stk-a", "properties": {"strength": 0.6}}
CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:visit-1\r\nDTSTART:20260301T090000Z\r\n"
            "ORGANIZER:mailto:ann@us.example\r\nATTENDEE:mailto:zhou@a.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
MAIL = ("From: Ann <ann@us.example>\r\nTo: zhou@a.example\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n"
        "Message-ID: <m1@us.example>\r\n\r\nnever read\r\n")
REL = "/api/v1/relationships/{rel_type}"
BATCH = "/api/v1/batch"
OTHER_CASES = [
    Case("POST", REL, "/api/v1/relationships/KNOWS", 201, {**KNOWS, "to": "stk-a2"},
         change=write(C, None, A, frozenset({R.KNOWS}))),
    Case("POST", REL, "/api/v1/relationships/MEMBER_OF", 201, {"from": "emp-a", "to": "team-b"},
         change=write(C, None, NONE, frozenset({R.MEMBER_OF}))),
    Case("POST", REL, "/api/v1/relationships/COVERS", 201, {"from": "team-a", "to": "cus-b"},
         change=write(C, None, frozenset({"cus-b"}), frozenset({R.COVERS}))),
    Case("PATCH", REL, "/api/v1/relationships/KNOWS", 200, KNOWS, change=write(U, None, A, frozenset({R.KNOWS}))),
    Case("PUT", REL, "/api/v1/relationships/KNOWS", 200, KNOWS, change=write(U, None, A, frozenset({R.KNOWS}))),
    Case("PUT", REL, "/api/v1/relationships/MEMBER_OF", 201, {"from": "emp-a", "to": "team-b"},
         change=write(C, None, NONE, frozenset({R.MEMBER_OF}))),
    Case("GET", REL, "/api/v1/relationships/KNOWS", params={"from": "emp-a", "to": "stk-a"}),
    Case("DELETE", REL, "/api/v1/relationships/KNOWS", 204, params={"from": "emp-a", "to": "stk-a"},
         change=write(D, None, A, frozenset({R.KNOWS}))),
    Case("DELETE", REL, "/api/v1/relationships/ALIGNED_WITH", 204, params={"from": "stk-b", "to": "cmp-y"},
         change=write(D, None, frozenset({"cus-b"}), frozenset({R.ALIGNED_WITH}))),
    # A batch is judged operation by operation; each case's change is what its operations touch together.
    Case("POST", BATCH, BATCH, 200, {"operations": [
        {"op": "patch", "kind": "stakeholders", "id": "stk-a", "body": {"title": "CTO"}},
        {"op": "put", "relationship": "KNOWS", **KNOWS}]},
         change=write(U, L.STAKEHOLDER, A, frozenset({R.KNOWS}))),
    Case("POST", BATCH, BATCH, 200, {"operations": [{"op": "patch", "kind": "teams", "id": "team-a",
                                                     "body": {"name": "Team A1"}}]},
         change=write(U, L.TEAM, A)),
    Case("POST", BATCH, BATCH, 200, {"operations": [
        {"op": "delete", "relationship": "ALIGNED_WITH", "from": "stk-b", "to": "cmp-y"}]},
         change=write(D, None, frozenset({"cus-b"}), frozenset({R.ALIGNED_WITH}))),
    Case("GET", "/api/v1/projects/{project_id}/power-map", "/api/v1/projects/prj-a/power-map"),
    Case("GET", "/api/v1/customers/{customer_id}/power-map", "/api/v1/customers/cus-a/power-map"),
    Case("GET", "/api/v1/projects/{project_id}/network-power", "/api/v1/projects/prj-a/network-power"),
    Case("GET", "/api/v1/customers/{customer_id}/network-power", "/api/v1/customers/cus-a/network-power"),
    Case("GET", "/api/v1/projects/{project_id}/stance-changes", "/api/v1/projects/prj-a/stance-changes"),
    Case("GET", "/api/v1/customers/{customer_id}/stance-changes", "/api/v1/customers/cus-a/stance-changes"),
    Case("GET", "/api/v1/influence-paths", "/api/v1/influence-paths", params={"target": "stk-a", "from": "emp-a"}),
    Case("GET", "/api/v1/opportunities/{opportunity_id}/lineage", "/api/v1/opportunities/opp-a/lineage"),
    Case("GET", "/api/v1/projects/{project_id}/lineage", "/api/v1/projects/prj-a/lineage"),
    Case("GET", "/api/v1/contracts/{contract_id}/lineage", "/api/v1/contracts/ctr-a/lineage"),
    Case("GET", "/api/v1/projects/{project_id}/bid-review", "/api/v1/projects/prj-a/bid-review"),
    Case("GET", "/api/v1/projects/{project_id}/map-view", "/api/v1/projects/prj-a/map-view",
         params={"view": "key_paths"}),
    Case("GET", "/api/v1/projects/{project_id}/changes", "/api/v1/projects/prj-a/changes",
         params={"since": "2026-01-01"}),
    Case("POST", "/api/v1/projects/{project_id}/stage", "/api/v1/projects/prj-a/stage", 200,
         {"stage": "opportunity"}, change=write(U, L.PROJECT, A, before={"stage": "lead"},
                                                after={"stage": "opportunity"})),
    Case("GET", "/api/v1/customers/{customer_id}/relationship-health", "/api/v1/customers/cus-a/relationship-health"),
    Case("POST", "/api/v1/projects/{project_id}/activities", "/api/v1/projects/prj-a/activities", 201,
         {"type": "visit", "dueAt": "2026-12-01T00:00:00Z", "stakeholderIds": ["stk-a"], "ownerId": "emp-a"},
         change=write(C, L.ACTIVITY, A, after={"status": "planned", "ownerId": "emp-a"})),
    Case("POST", "/api/v1/activities/{activity_id}/done", "/api/v1/activities/act-a/done", 200,
         {"outcome": "met"}, change=write(U, L.ACTIVITY, A, before={"status": "planned"},
                                          after={"status": "done", "ownerId": "emp-a"})),
    Case("POST", "/api/v1/activities/{activity_id}/rating", "/api/v1/activities/act-done/rating", 200,
         {"rating": 4}, change=write(U, L.ACTIVITY, A, before={"status": "done"},
                                     after={"status": "done", "rating": 4, "assignedById": "emp-a"})),
    Case("GET", "/api/v1/{scope}/{scope_id}/overdue-activities", "/api/v1/projects/prj-a/overdue-activities"),
    Case("GET", "/api/v1/scorecards/{scope}/{scope_id}", "/api/v1/scorecards/project/prj-a"),
    Case("GET", "/api/v1/scorecards/{scope}/{scope_id}/trend.svg", "/api/v1/scorecards/project/prj-a/trend.svg"),
    Case("GET", "/api/v1/customers/{customer_id}/sandbox", "/api/v1/customers/cus-a/sandbox"),
    Case("POST", "/api/v1/customers/{customer_id}/plans/{year}/selection",
         "/api/v1/customers/cus-a/plans/2026/selection", 200, {},
         change=write(U, L.PLAN, A, frozenset({R.TARGETS, R.DECLINES}))),
    Case("GET", "/api/v1/plans/{plan_id}", "/api/v1/plans/plan-a"),
    Case("POST", "/api/v1/import", "/api/v1/import", 200, needs=Role.ADMIN,
         content='{"label": "Competitor", "id": "cmp-z", "properties": {"name": "Eastwave"}}\n'),
    # No run to undo in the seeded world: an admin reaches the lookup (404), anyone else is refused first.
    Case("POST", "/api/v1/import/{run_id}/undo", "/api/v1/import/run-none/undo", 404, needs=Role.ADMIN),
    Case("GET", "/api/v1/audit", "/api/v1/audit", params={"entity": "stk-a"}, needs=Role.EDITOR),
    Case("GET", "/api/v1/stakeholders/{stakeholder_id}/export", "/api/v1/stakeholders/stk-a/export"),
    Case("POST", "/api/v1/stakeholders/{stakeholder_id}/erase", "/api/v1/stakeholders/stk-a/erase", 200,
         needs=Role.ADMIN),
    # Relationship signals (api/routers/capture.py, alerts.py): a capture is judged per interaction
    # by the customers of its stakeholders; an alias or exclusion by the person's customers.
    Case("POST", "/api/v1/capture/calendar", "/api/v1/capture/calendar", 200, content=CALENDAR,
         change=write(C, L.INTERACTION, A)),
    Case("POST", "/api/v1/capture/mail", "/api/v1/capture/mail", 200, content=MAIL,
         change=write(C, L.INTERACTION, A)),
    Case("POST", "/api/v1/capture/aliases", "/api/v1/capture/aliases", 200,
         {"address": "zhou.private@a.example", "personId": "stk-a"}, change=write(C, L.EMAIL_ALIAS, A)),
    Case("POST", "/api/v1/capture/exclusions", "/api/v1/capture/exclusions", 200, {"personId": "stk-a"},
         change=write(C, L.CAPTURE_EXCLUSION, A)),
    Case("GET", "/api/v1/projects/{project_id}/alerts", "/api/v1/projects/prj-a/alerts"),
    Case("GET", "/api/v1/customers/{customer_id}/alerts", "/api/v1/customers/cus-a/alerts"),
    Case("GET", "/api/v1/stakeholders/{stakeholder_id}/ties", "/api/v1/stakeholders/stk-a/ties"),
    # Judging a person on the page (api/routers/assessments.py): the stakeholder's patch, with a reason.
    Case("POST", "/api/v1/stakeholders/{stakeholder_id}/judgement", "/api/v1/stakeholders/stk-a/judgement", 200,
         {"stance": "supporter", "influence": 4, "reason": "backed us at the workshop"},
         change=write(U, L.STAKEHOLDER, A, before={"stance": "neutral"}, after={"stance": "supporter"})),
    # People's accounts (api/routers/accounts.py): an admin label, like teams and employees. No account
    # exists in the seeded world to disable: an admin reaches the lookup (404), anyone else is refused first.
    Case("POST", "/api/v1/accounts", "/api/v1/accounts", 201,
         {"email": "uma@us.example", "password": "a long enough password", "employeeId": "emp-u", "role": "editor"},
         change=write(C, L.ACCOUNT, NONE), needs=Role.ADMIN),
    Case("GET", "/api/v1/accounts", "/api/v1/accounts", needs=Role.ADMIN),
    Case("POST", "/api/v1/accounts/{account_id}/disable", "/api/v1/accounts/acc-none/disable", 404,
         needs=Role.ADMIN),
    # Signing in with an account needs no key and opens nothing with a wrong password, for anyone.
    Case("POST", "/api/v1/session/password", "/api/v1/session/password", 401,
         {"email": "ann@us.example", "password": "not her password"}),
    Case("GET", "/api/v1/alerts", "/api/v1/alerts", params={"team": "team-a", "since": "2026-01-01"}),
    Case("GET", "/api/v1/alerts/digest", "/api/v1/alerts/digest", params={"team": "team-a", "format": "html"}),
    # The web page's sign-in (api/session.py): any key may open a session; it changes no data.
    Case("POST", "/api/v1/session", "/api/v1/session"),
    Case("GET", "/api/v1/session", "/api/v1/session"),
    Case("DELETE", "/api/v1/session", "/api/v1/session", 204),
]
CASES = _node_cases() + OTHER_CASES


def test_every_operation_has_a_case(client):
    operations = {(method.upper(), path) for path, methods in client.app.openapi()["paths"].items()
                  for method in methods if path.startswith("/api/v1")}
    covered = {(case.method, case.operation) for case in CASES}
    assert operations - covered == set(), "operations with no case in the permission matrix"
    assert covered - operations == set(), "cases for operations the API does not have"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_permission_matrix(client, graph, case):
    seed_world(graph)
    answered, expected = {}, {}
    everyone = callers(graph)
    for number, caller in enumerate(everyone, start=1):
        expected[caller.name] = case.expected(caller.principal)
        response = client.request(case.method, case.url, headers=caller.headers, json=case.body,
                                  params=case.params, content=case.content)
        answered[caller.name] = response.status_code
        if case.method != "GET" and response.is_success and number < len(everyone):
            seed_world(graph)  # the next caller meets the world as it was
    assert answered == expected
