"""Every route of the URL configuration × every persona × own area, another area, made-up ids.

Routes come from the resolver, so a new page or endpoint is covered the day it is added: one
without a line in tests/security/access_matrix.py fails ``test_every_route_has_an_entry``.
The pilot demo is loaded once for the module (tests/security/demo_world.py).
"""

import re
from functools import cache

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sigap.demo import LOGINS
from tests.conftest import login
from tests.security.access_matrix import MATRIX, OBJECTS
from tests.security.demo_world import demo_world  # noqa: F401 - the module's fixture

CITIES = {"medan": "12.71", "malang": "35.73"}
CITY_AREA = {"medan": "12.71.12.1003", "malang": "35.73.05.1006"}  # Terjun, Ketawanggede
MADE_UP_ID = 987654321
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
# URL parameters that are not the object's id, with a value that fits their converter.
FIXED = {"action": "x", "key": "x", "fmt": "csv", "task_id": "1", "service_id": "1"}
FIXED |= {"consent_id": "1"}
LOGIN_URL = "/akun/masuk/"
# One demo login per role and city, plus the national administrator and a user with no role.
PERSONAS = ["anonymous", "orang.tanpa.peran", "admin"] + sorted(
    {(login.role, login.area[:5]): login.username for login in LOGINS}.values()
)


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield (namespace + pattern.name) if pattern.name else route, route


@cache
def routes() -> dict[str, str]:
    """Matrix key -> route pattern; admin:* routes are represented by the admin's index."""
    found = {}
    for key, route in walk(get_resolver().url_patterns):
        if key.startswith("admin:") or route.startswith("admin/"):
            key, route = "admin:*", "admin/"
        found.setdefault(key, route)
    return found


def test_every_route_has_an_entry():
    missing = sorted(set(routes()) - set(MATRIX))
    assert not missing, (
        f"Routes without an access rule: {missing}. Add one line per route to MATRIX in "
        "tests/security/access_matrix.py (see its docstring for the kinds)."
    )
    stale = sorted(set(MATRIX) - set(routes()))
    assert not stale, f"MATRIX in tests/security/access_matrix.py names gone routes: {stale}"


# --- the world: objects per city, one signed-in client per persona -------------------------


def city_of(code: str | None) -> str | None:
    return next((city for city, prefix in CITIES.items() if (code or "").startswith(prefix)), None)


def object_id(kind: str, city: str):
    """The id (an area's code for areas) of an object of ``kind`` in ``city``, or None."""
    label, lookup = OBJECTS[kind]
    if kind == "area":
        return CITY_AREA[city]
    model = apps.get_model(label)
    found = model.objects.filter(**{f"{lookup}__startswith": CITIES[city]}).order_by("pk")
    return found.values_list("pk", flat=True).first()


@pytest.fixture(scope="module")
def world(demo_world, django_db_blocker):  # noqa: F811 - the fixture imported above
    """{persona: (client, city or None, national scope)}, {kind: {city: id}} and
    {city: strings only its records hold}."""
    from django.contrib.auth import get_user_model

    from sigap.people.models import Membership
    from tests import personas

    with django_db_blocker.unblock():
        personas.person("orang.tanpa.peran")
        clients = {"anonymous": (Client(), None, False)}
        for username in PERSONAS[1:]:
            user = get_user_model().objects.get(username=username)
            codes = Membership.objects.filter(user=user).values_list("area__code", flat=True)
            city = city_of(next(iter(codes), None))
            clients[username] = (login(Client(), user), city, user.is_superuser)
        ids = {kind: {city: object_id(kind, city) for city in CITIES} for kind in OBJECTS}
        markers = {city: city_markers(prefix) for city, prefix in CITIES.items()}
    return clients, ids, markers


def city_markers(prefix: str) -> set[str]:
    """Strings only a page that shows a city's reports and cases holds: their references and
    the reports' own words (decrypted)."""
    from sigap.cases.models import Case, Report

    reports = Report.objects.filter(area__code__startswith=prefix)
    cases = Case.objects.filter(area__code__startswith=prefix)
    found = {r.reference for r in reports} | {c.reference for c in cases}
    return found | {r.what for r in reports if r.what and len(r.what) > 30}


def url_for(route: str, kind: str | None, value) -> str:
    def fill(match):
        name = match.group(1)
        if name in FIXED:
            return FIXED[name]
        if name == "code" and kind != "area":
            return CITY_AREA["medan"]
        return str(value)

    return "/" + PARAM.sub(fill, route)


@cache
def api_paths() -> dict:
    from sigap.api.main import api

    return api.get_openapi_schema()["paths"]


def methods_of(route: str) -> list[str]:
    """GET for pages (their writes are POSTed by targets()); the documented methods for the API."""
    path = "/" + PARAM.sub(lambda m: "{" + m.group(1) + "}", route)
    return sorted(api_paths().get(path) or ["get"])


def call(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data="{}", content_type="application/json")


NO_DATA = {302, 401, 403, 404, 405}
NO_DATA_API_WRITE = NO_DATA | {422}


def refused(response, url: str, method: str) -> bool:
    allowed = NO_DATA_API_WRITE if url.startswith("/api/") and method != "get" else NO_DATA
    if response.status_code == 302:
        # A redirect carries no data, unless it is a write that went through.
        return method == "get" or response.url.startswith(LOGIN_URL)
    return response.status_code in allowed


def anonymous_refused(response, url: str) -> bool:
    if url.startswith("/api/"):
        return response.status_code in {401, 404, 405}
    if url.startswith("/admin/"):
        return response.status_code == 302 and "/login/" in response.url
    return response.status_code == 302 and response.url.startswith(LOGIN_URL)


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_route_keeps_its_promise(key, world):
    clients, ids, markers = world
    route = routes().get(key)
    if route is None:
        pytest.skip("not a route any more (test_every_route_has_an_entry says so)")
    rule = MATRIX[key]
    problems = []
    for persona in PERSONAS if rule.kind != "public" else PERSONAS[:2]:
        client, city, national = clients[persona]
        for target, url in targets(rule, route, ids, city, national, persona):
            for method in methods_for(route, rule, target):
                response = call(client, method, url)
                status = response.status_code
                what = f"{persona} {method.upper()} {url} ({target}) -> {status}"
                if status >= 500:
                    problems.append(f"server error: {what}")
                elif not national and (leak := leaked(response, markers, city)):
                    problems.append(f"shows another city's record {leak!r}: {what}")
                elif rule.kind == "public" or target == "own" or national:
                    continue
                elif persona == "anonymous":
                    if not anonymous_refused(response, url):
                        problems.append(f"anonymous not refused: {what}")
                elif rule.kind == "admin":
                    if not refused(response, url, method):
                        problems.append(f"admin page open: {what}")
                elif target in ("other area", "made-up id") and not refused(response, url, method):
                    problems.append(f"data for {target}: {what}")
    assert not problems, "\n".join(problems)


def leaked(response, markers: dict, city: str | None) -> str | None:
    """A marker of a city the persona has no part in, found in the answer."""
    if response.status_code != 200 or getattr(response, "streaming", False):
        return None
    body = response.content.decode("utf-8", "replace")
    foreign = (m for other, found in markers.items() if other != city for m in found)
    return next((marker for marker in foreign if marker in body), None)


def methods_for(route: str, rule, target: str) -> list[str]:
    methods = methods_of(route)
    if rule.kind == "scoped" and target != "own" and not route.startswith("api/"):
        return methods + ["post"]  # the cross-area write
    return methods


# Made-up ids are refused the same way whoever asks: a few personas suffice.
MADE_UP_PERSONAS = {"anonymous", "orang.tanpa.peran", "koordinator.medan", "koordinator.malang"}


def targets(rule, route, ids, city, national, persona):
    """(which, url) pairs to request for one persona."""
    if rule.kind != "scoped":
        yield ("own", url_for(route, None, 1)) if persona != "anonymous" or True else None
        return
    by_city = ids[rule.object]
    for other_city, value in by_city.items():
        if value is None:
            continue
        which = "own" if other_city == city else "other area"
        yield which, url_for(route, rule.object, value)
    if persona not in MADE_UP_PERSONAS:
        return
    made_up = "99.99.99.9999" if rule.object == "area" else MADE_UP_ID
    yield "made-up id", url_for(route, rule.object, made_up)


@pytest.mark.django_db
def test_the_matrix_covers_personas_and_routes(world):
    """The figures the issue asks for: routes × personas, and the objects found in both cities."""
    clients, ids, markers = world
    assert all(markers.values()), markers
    assert len(PERSONAS) >= 11 and len(routes()) >= 150
    missing = [kind for kind, by_city in ids.items() if kind != "area" and None in by_city.values()]
    print(f"{len(routes())} routes x {len(PERSONAS)} personas; kinds missing in a city: {missing}")
    print({kind: by_city for kind, by_city in ids.items()})
