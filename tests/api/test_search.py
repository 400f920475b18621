"""``GET /api/v1/areas/search``: spelling-tolerant, and only within the caller's areas."""

import pytest

from tests import personas

pytestmark = pytest.mark.django_db


def found(api_get, headers, q):
    status, body = api_get("areas/search", headers, q=q)
    assert status == 200
    return [match["code"] for match in body]


def test_search_forgives_spacing_within_scope(api_get, bearer, malang_coordinator):
    codes = found(api_get, bearer(malang_coordinator), "Ketawang Gede")
    assert codes[0] == personas.KETAWANGGEDE
    assert all(code.startswith(personas.MALANG) for code in codes)


def test_search_never_leaves_the_callers_areas(api_get, bearer, terjun_ambassador):
    headers = bearer(terjun_ambassador)
    assert found(api_get, headers, "Ketawang Gede") == []
    assert found(api_get, headers, "Terjun") == [personas.TERJUN]


def test_search_finds_nothing_for_someone_without_membership(api_get, bearer, outsider):
    assert found(api_get, bearer(outsider), "Terjun") == []


def test_search_answers_with_display_names(api_get, bearer, medan_coordinator):
    _status, body = api_get("areas/search", bearer(medan_coordinator), q="medan marelan")
    assert body[0]["code"] == personas.MEDAN_MARELAN
    assert set(body[0]) == {"code", "name", "level", "display", "score"}


def test_search_needs_two_letters(api_get, bearer, medan_coordinator):
    status, body = api_get("areas/search", bearer(medan_coordinator), q="m")
    assert status == 422
    assert "q" in body["detail"] and "Minimal 2 karakter" in body["detail"]
