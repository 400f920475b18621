"""``GET /api/v1/me``: who the caller is, in the words the pages use."""

import pytest

from tests import personas

pytestmark = pytest.mark.django_db


def test_me_describes_the_terjun_ambassador(api_get, bearer, terjun_ambassador):
    status, body = api_get("me", bearer(terjun_ambassador))
    assert status == 200
    assert body["username"] == "duta_terjun"
    assert body["display_name"] == "Duta"
    assert body["language"] == "id"
    assert body["roles"] == [{"code": "ambassador", "label": "Duta Anti Trafficking"}]
    [membership] = body["memberships"]
    assert membership["organisation"]["name"] == "Badan Kesbangpol Kota Medan"
    assert membership["role"] == "ambassador"
    assert membership["area"] == {"code": personas.TERJUN, "name": "Kelurahan Terjun"}
    assert body["scopes"]["area.view"] == [personas.TERJUN]
    assert body["scopes"]["people.manage"] == []
    assert body["needs_two_factor"] is False


def test_me_for_the_medan_coordinator(as_user, medan_coordinator):
    body = as_user(medan_coordinator).get("/api/v1/me").json()
    assert [r["code"] for r in body["roles"]] == ["coordinator"]
    assert body["scopes"]["people.manage"] == [personas.MEDAN]
    assert body["memberships"][0]["area"]["code"] == personas.MEDAN
    assert body["needs_two_factor"] is True


def test_me_for_someone_without_membership(api_get, bearer, outsider):
    _status, body = api_get("me", bearer(outsider))
    assert body["roles"] == [] and body["memberships"] == []
    assert all(codes == [] for codes in body["scopes"].values())


def test_me_for_the_administrator_shows_the_whole_country(api_get, bearer, administrator):
    _status, body = api_get("me", bearer(administrator))
    assert body["scopes"]["area.view"] == ["*"]
