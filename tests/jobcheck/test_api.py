"""POST /api/v1/screening: public, explained, rate-limited."""

import pytest

from sigap.jobcheck import ratelimit
from sigap.jobcheck.models import Check
from tests.conftest import login
from tests.jobcheck.posts import CAMBODIA_ADMIN, LICENSED

pytestmark = pytest.mark.django_db
URL = "/api/v1/screening"


def post(client, body, **headers):
    return client.post(URL, body, content_type="application/json", **headers)


def test_anyone_can_screen_a_post(client):
    response = post(client, {"text": CAMBODIA_ADMIN, "channel": "facebook"})
    assert response.status_code == 200
    data = response.json()
    assert data["level"] == "tinggi"
    assert data["label"]["id"] == "Risiko tinggi"
    assert data["ruleset_version"]
    assert "+6281234567890" in data["entities"]["phones"]
    reason = next(r for r in data["reasons"] if r["id"] == "tujuan_dilarang")
    assert reason["legal_basis"] and reason["explanation"]["id"] and reason["advice"]["en"]
    for span in (s for r in data["reasons"] for s in r["spans"]):
        assert CAMBODIA_ADMIN[span["start"] : span["end"]] == span["text"]
    assert Check.objects.get().source == "api"


def test_licensed_post_is_low_with_protective_reasons(client):
    data = post(client, {"text": LICENSED}).json()
    assert data["level"] == "rendah"
    assert "p3mi_terdaftar" in {r["id"] for r in data["reasons"] if r["strength"] == "protective"}
    assert data["registry_is_sample"] is True


def test_signed_in_session_is_accepted(client, terjun_ambassador):
    login(client, terjun_ambassador)
    client.handler.enforce_csrf_checks = False
    assert post(client, {"text": LICENSED}).status_code == 200


def test_empty_text_is_refused_in_indonesian(client):
    response = post(client, {"text": "  "})
    assert response.status_code == 422
    assert "Teks kosong" in response.json()["detail"]


def test_missing_text_is_refused(client):
    response = post(client, {"channel": "facebook"})
    assert response.status_code == 422
    assert "text" in response.json()["detail"]


def test_over_long_text_is_refused(client):
    response = post(client, {"text": "gaji besar " * 2001})
    assert response.status_code == 422
    assert "terlalu panjang" in response.json()["detail"]
    assert Check.objects.count() == 0


def test_too_many_requests_get_429_in_indonesian(client):
    allowed, _window = ratelimit.LIMITS["api"]
    for _ in range(allowed):
        assert post(client, {"text": ""}).status_code == 422
    response = post(client, {"text": CAMBODIA_ADMIN})
    assert response.status_code == 429
    assert "Terlalu banyak" in response.json()["detail"]
