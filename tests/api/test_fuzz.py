"""A short schemathesis run in the suite (the long one is `python -m bench.fuzz`): generated requests
for every operation in /openapi.json, none may cause a server error.

The short run takes the examples and fuzzing phases; the coverage phase (boundary values of every
parameter, about 70 s of the suite's time on two cores) is the long run's: `bench.fuzz` runs
schemathesis's command line, whose defaults include it."""

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from powermap.api.app import create_app


@pytest.fixture
def api_schema(client, settings):
    """An app of its own: schemathesis runs the app's lifespan, which must not close the session client's driver."""
    app = create_app(settings)
    with TestClient(app):
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        schema.config.phases.coverage.enabled = False
        yield schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_input_causes_a_server_error(case, settings):
    case.call_and_validate(headers={"Authorization": f"Bearer {settings.admin_key}"}, checks=[not_a_server_error])
