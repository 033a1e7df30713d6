"""The typed Python client, generated from this checkout's OpenAPI document, loads a deal over HTTP.

`scripts/build_client.py` generates `build/client/powermap-client` with openapi-python-client; this
test imports it from there and talks to the API served on the test port, as an integrator's sync
job would (README, "A client for Python").
"""

import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType

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

    client = powermap_client.AuthenticatedClient(base_url=live_api, token=settings.admin_key,
                                                 raise_on_unexpected_status=True)
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
