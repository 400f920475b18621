"""Who may call the API: a personal token or a signed-in session; every failure a clear 401."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sigap.people.tokens import token_create, token_revoke
from tests.personas import TERJUN

pytestmark = pytest.mark.django_db


def test_a_valid_token_signs_the_caller_in(api_get, bearer, terjun_ambassador):
    status, body = api_get("me", bearer(terjun_ambassador))
    assert status == 200
    assert body["username"] == "duta_terjun"


def test_no_credentials_get_401_json_not_the_login_page(client, areas):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response.json()["detail"].startswith("Perlu masuk")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer nonsense",
        "Bearer sgp_short",
        "Bearer ",
        "Bearer sgp_" + "x" * 43 + " extra",
        "Bearer sgp_" + "é" * 43,
    ],
)
def test_malformed_token_is_a_clear_401(api_get, areas, header):
    status, body = api_get("me", {"Authorization": header})
    assert status == 401
    assert body["detail"].startswith("Token API tidak valid")
    assert "sgp_" in body["detail"]


def test_other_authorization_scheme_is_a_clear_401(api_get, areas):
    status, body = api_get("me", {"Authorization": "Basic dXNlcjpwYXNz"})
    assert status == 401
    assert "Bearer <token>" in body["detail"]


def test_unknown_token_is_401(api_get, areas):
    status, body = api_get("me", {"Authorization": "Bearer sgp_" + "A" * 43})
    assert status == 401
    assert body["detail"].startswith("Token API tidak valid")
    assert "dicabut" in body["detail"]


def test_revoked_token_is_401(api_get, terjun_ambassador):
    token, raw = token_create(user=terjun_ambassador, name="lama")
    token_revoke(user=terjun_ambassador, token=token)
    status, body = api_get("areas", {"Authorization": f"Bearer {raw}"})
    assert status == 401
    assert "dicabut" in body["detail"]


def test_expired_token_is_401(api_get, bearer, terjun_ambassador):
    headers = bearer(terjun_ambassador, expires_at=timezone.now() - timedelta(minutes=1))
    status, body = api_get(f"areas/{TERJUN}", headers)
    assert status == 401
    assert "kedaluwarsa" in body["detail"]


def test_token_of_a_deactivated_user_is_401(api_get, bearer, terjun_ambassador):
    headers = bearer(terjun_ambassador)
    terjun_ambassador.is_active = False
    terjun_ambassador.save()
    status, _body = api_get("me", headers)
    assert status == 401


def test_errors_in_english_on_request(client, areas):
    response = client.get(
        "/api/v1/me", headers={"Authorization": "Bearer nonsense", "Accept-Language": "en"}
    )
    assert response.status_code == 401
    assert response.json()["detail"].startswith("The API token is not valid")


def test_signed_in_session_works_without_a_token(as_user, medan_coordinator):
    response = as_user(medan_coordinator).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "koordinator_medan"


def test_session_without_second_factor_is_refused_where_it_is_required(client, medan_coordinator):
    client.force_login(medan_coordinator)  # password passed, TOTP not
    response = client.get("/api/v1/areas")
    assert response.status_code == 401
    assert "verifikasi dua langkah" in response.json()["detail"]


def test_session_of_a_role_without_second_factor_needs_none(client, terjun_ambassador):
    client.force_login(terjun_ambassador)
    assert client.get("/api/v1/me").status_code == 200


def test_a_token_wins_over_the_session(as_user, bearer, medan_coordinator, terjun_ambassador):
    client = as_user(medan_coordinator)
    response = client.get("/api/v1/me", headers=bearer(terjun_ambassador))
    assert response.json()["username"] == "duta_terjun"


def test_a_bad_token_is_refused_even_with_a_good_session(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_unknown_api_path_and_wrong_method_answer_json(client, api_get, bearer, terjun_ambassador):
    status, body = api_get("tidak-ada", bearer(terjun_ambassador))
    assert status == 404
    assert body["detail"].startswith("Tidak ditemukan")
    response = client.post("/api/v1/me", headers=bearer(terjun_ambassador))
    assert response.status_code == 405
    assert "POST" in response.json()["detail"]
    # Not even Django's CSRF refusal page: an HTML answer never leaves /api/.
    response = Client(enforce_csrf_checks=True).post("/api/v1/tidak/ada")
    assert response.status_code == 404 and "detail" in response.json()
