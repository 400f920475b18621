"""Schemathesis, in process, over every /api/v1/ operation with a personal token.

Three promises hold for every generated request: no server error, every answer matches the
schema the API publishes, and a request that breaks the schema (wrong types, missing fields,
out-of-range numbers) is refused with a 4xx instead of being converted and accepted.
"""

import json
import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, response_schema_conformance

from sigap.people.tokens import token_create
from tests.security.demo_world import demo_world  # noqa: F401 - the module's fixture

# Examples per operation and generation mode; 47 operations x 2 modes x this, in seconds.
MAX_EXAMPLES = 5
CHECKS = [not_a_server_error, response_schema_conformance, negative_data_rejection]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    database="none",
)
# The coverage phase (every boundary value the schema defines, ~1,900 cases) takes minutes;
# random positive and negative examples keep the suite at seconds.
schema.config.phases.update(phases=["examples", "fuzzing"])
CASES_RUN = []


# Path parameters that name a record get a real one of the demo, so that a body the API should
# refuse reaches the write instead of stopping at "not found".
REAL = {
    "report_id": ("cases.Report", None),
    "case_id": ("cases.Case", None),
    "referral_id": ("cases.Referral", None),
    "task_id": ("cases.Task", None),
    "consent_id": ("cases.Consent", None),
    "service_id": ("cases.Service", None),
}
PK_BY_PATH = {
    "/api/v1/programmes/": "programme.Programme",
    "/api/v1/events/": "programme.Event",
    "/api/v1/condition-reports/": "programme.ConditionReport",
    "/api/v1/pacts/": "programme.Pact",
}


@pytest.fixture(scope="module", autouse=True)
def keep_the_test_connection():
    """Schemathesis calls Django's WSGI handler, which closes the database connection after
    each request (close_old_connections); the test's transaction lives on that connection.
    Django's own test client unhooks the same two signals."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def token_headers(demo_world, django_db_blocker):  # noqa: F811 - the fixture imported above
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        admin = get_user_model().objects.get(username="admin")
        _token, raw = token_create(user=admin, name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


def real_id(label: str):
    from django.apps import apps

    return apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True).first()


def use_real_ids(case) -> None:
    params = case.path_parameters or {}
    for name, value in params.items():
        if not isinstance(value, int) or isinstance(value, bool):
            continue  # a negative example's wrong type stays
        label = REAL.get(name, (None,))[0]
        if name == "pk":
            label = next(
                (m for p, m in PK_BY_PATH.items() if case.operation.path.startswith(p)), None
            )
        found = real_id(label) if label else None
        if found is not None:
            params[name] = found


@pytest.mark.django_db
@schema.parametrize()
# One token per operation is enough: the database is rolled back after each operation's examples.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_operation_holds_its_schema(case, token_headers):
    CASES_RUN.append(case.operation.label)
    use_real_ids(case)
    case.call_and_validate(headers=token_headers, checks=CHECKS)


def test_fuzz_ran_every_operation():
    """Runs after the operations (same module): every operation got examples."""
    operations = len(list(schema.get_all_operations()))
    if len(set(CASES_RUN)) < operations:
        pytest.skip("xdist ran some operations in another process")
    print(f"schemathesis: {len(CASES_RUN)} cases over {operations} operations")


def body_operations():
    """(method, path, whether the body is a list) of every operation that takes a body."""
    return [
        (method.upper(), path, '"type": "array"' in json.dumps(spec["requestBody"]))
        for path, operations in schema.raw_schema["paths"].items()
        for method, spec in operations.items()
        if "requestBody" in spec
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("method, path, is_list", body_operations())
@pytest.mark.parametrize("body", ['"teks saja"', "[]", "17", "null", "true"])
def test_a_body_of_the_wrong_type_is_refused(method, path, is_list, body, token_headers, client):
    """Every write, on a real record: a JSON body of another type than the schema's is a 4xx."""
    if is_list and body == "[]":
        pytest.skip("an empty list is this operation's valid body")
    url = PATH_PARAM.sub(lambda m: str(real_path_value(path, m.group(1))), path)
    response = client.generic(method, url, body, "application/json", headers=token_headers)
    assert 400 <= response.status_code < 500, (url, body, response.content[:300])
    assert response.status_code != 401


PATH_PARAM = re.compile(r"\{(\w+)\}")


def real_path_value(path: str, name: str):
    if name == "code":
        return "12.71.12.1003"
    label = REAL.get(name, (None,))[0]
    if name == "pk":
        label = next((m for p, m in PK_BY_PATH.items() if path.startswith(p)), None)
    return (real_id(label) if label else None) or 1
