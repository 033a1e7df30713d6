"""The typed Python client, generated from this checkout's OpenAPI document, loads a deal over HTTP.

`scripts/build_client.py` generates `build/client/powermap-client` with openapi-python-client; this
test imports it from there and talks to the API served on the test port, as an integrator's sync
job would (README, "A client for Python").
"""

import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType

import httpx
import pytest

from tests.conftest import REPO_ROOT

CLIENT = REPO_ROOT / "build" / "client" / "powermap-client"


@pytest.fixture(scope="module")
def powermap_client() -> Iterator[ModuleType]:
    subprocess.run([sys.executable, "scripts/build_client.py"], check=True, cwd=REPO_ROOT)
    sys.path.insert(0, str(CLIENT))
    try:
        import powermap_client

        yield powermap_client
    finally:
        sys.path.remove(str(CLIENT))


def test_a_sync_job_written_with_the_client_loads_a_deal(powermap_client, live_api, settings, graph):
    from powermap_client.api.customers import customers_upsert
    from powermap_client.api.decision_chains import decision_chains_upsert
    from powermap_client.api.employees import employees_upsert
    from powermap_client.api.org_units import org_units_upsert
    from powermap_client.api.projects import projects_upsert
    from powermap_client.api.questions import questions_project_power_map
    from powermap_client.api.relationships import relationships_create
    from powermap_client.api.stakeholders import stakeholders_get, stakeholders_upsert
    from powermap_client.models import (
        ChainKind,
        CustomerCreate,
        DecisionChainCreate,
        EmployeeCreate,
        EmployeeRole,
        OrgUnitCreate,
        PowerMap,
        ProjectCreate,
        RelationshipWrite,
        RelationshipWriteProperties,
        RelType,
        StakeholderCreate,
        StakeholderRead,
        Stance,
    )

    bookmark, seen = Bookmark(), Seen()
    client = powermap_client.AuthenticatedClient(
        base_url=live_api, token=settings.admin_key, raise_on_unexpected_status=True,
        httpx_args={"event_hooks": {"request": [bookmark.send, seen.request],
                                    "response": [bookmark.keep, seen.response]}})
    with client:
        customers_upsert.sync("cus-north", client=client, body=CustomerCreate(name="Northwind Rail"))
        org_units_upsert.sync("org-north-it", client=client,
                              body=OrgUnitCreate(name="IT", customer_id="cus-north"))
        cio = stakeholders_upsert.sync("stk-north-cio", client=client, body=StakeholderCreate(
            name="Li Wei", title="CIO", influence=5, stance=Stance.NEUTRAL, org_unit_id="org-north-it"))
        employees_upsert.sync("emp-north-am", client=client,
                              body=EmployeeCreate(name="Ana Moreau", role=EmployeeRole.AR))
        projects_upsert.sync("prj-north-ticketing", client=client,
                             body=ProjectCreate(name="Ticketing", customer_id="cus-north"))
        decision_chains_upsert.sync("dc-north-ticketing", client=client, body=DecisionChainCreate(
            kind=ChainKind.COMMERCIAL_APPROVAL, project_id="prj-north-ticketing"))
        relationships_create.sync(RelType.IN_CHAIN, client=client, body=RelationshipWrite(
            from_="stk-north-cio", to="dc-north-ticketing",
            properties=RelationshipWriteProperties.from_dict({"role": "decision_maker"})))
        relationships_create.sync(RelType.KNOWS, client=client, body=RelationshipWrite(
            from_="emp-north-am", to="stk-north-cio",
            properties=RelationshipWriteProperties.from_dict({"strength": 0.8})))

        power_map = questions_project_power_map.sync("prj-north-ticketing", client=client)
        stored = stakeholders_get.sync("stk-north-cio", client=client)

    assert isinstance(cio, StakeholderRead) and cio.org_unit_id == "org-north-it"
    assert isinstance(stored, StakeholderRead) and stored.stance == Stance.NEUTRAL and stored.influence == 5
    assert isinstance(power_map, PowerMap)
    [person] = power_map.stakeholders
    assert person.id == "stk-north-cio" and person.covered
    assert [role.role for role in person.roles] == ["decision_maker"]
    # Each request after the first write sent back the bookmark of the write before it.
    answered = None
    for method, sent, got in seen.exchanges:
        assert sent == answered, (method, sent, answered)
        answered = got or answered
    assert seen.exchanges[-1][0] == "GET" and seen.exchanges[-1][1], "the reads at the end sent a bookmark"


class Bookmark:
    """The README's read-your-writes hooks for the generated client: keep the last write's
    `Powermap-Bookmark` and send it back on every request."""

    def __init__(self) -> None:
        self.value: str | None = None

    def send(self, request: httpx.Request) -> None:
        if self.value:
            request.headers["Powermap-Bookmark"] = self.value

    def keep(self, response: httpx.Response) -> None:
        self.value = response.headers.get("Powermap-Bookmark", self.value)


class Seen:
    """What each request sent and what its answer gave back, as (method, sent, answered) bookmarks."""

    def __init__(self) -> None:
        self.exchanges: list[tuple[str, str | None, str | None]] = []

    def request(self, request: httpx.Request) -> None:
        self.exchanges.append((request.method, request.headers.get("Powermap-Bookmark"), None))

    def response(self, response: httpx.Response) -> None:
        method, sent, _ = self.exchanges[-1]
        self.exchanges[-1] = (method, sent, response.headers.get("Powermap-Bookmark"))
