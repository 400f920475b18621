"""The access matrix through the API: the same areas as the pages, scoped and failing closed."""

import pytest

from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db


def codes(body):
    return {item["code"] for item in body["items"]}


def all_pages(api_get, headers, **params):
    status, body = api_get("areas", headers, page_size=500, **params)
    assert status == 200
    assert len(body["items"]) == body["count"], "more than one page"
    return codes(body)


def medan_codes():
    return set(
        Area.objects.descendants_of(personas.MEDAN, include_self=True).values_list(
            "code", flat=True
        )
    )


def test_terjun_ambassador_sees_terjun_only(api_get, bearer, terjun_ambassador):
    headers = bearer(terjun_ambassador)
    assert all_pages(api_get, headers) == {personas.TERJUN}
    status, body = api_get(f"areas/{personas.TERJUN}", headers)
    assert status == 200
    assert body["display_name"] == "Kelurahan Terjun"
    for code in (
        personas.KETAWANGGEDE,
        personas.MALANG,
        personas.MEDAN,
        personas.MEDAN_MARELAN,
        "12.71.12.1001",
    ):
        assert api_get(f"areas/{code}", headers)[0] == 404, code


def test_medan_coordinator_sees_all_of_medan_and_nothing_of_malang(
    as_user, api_get, medan_coordinator
):
    as_user(medan_coordinator)
    assert all_pages(api_get, None) == medan_codes()
    assert api_get(f"areas/{personas.TERJUN}")[0] == 200
    for code in (personas.MALANG, personas.KETAWANGGEDE):
        assert api_get(f"areas/{code}")[0] == 404


def test_medan_coordinator_through_a_token(api_get, bearer, medan_coordinator):
    assert all_pages(api_get, bearer(medan_coordinator)) == medan_codes()


def test_user_without_membership_sees_nothing(api_get, bearer, outsider):
    headers = bearer(outsider)
    status, body = api_get("areas", headers)
    assert (status, body) == (200, {"items": [], "count": 0})
    assert api_get(f"areas/{personas.TERJUN}", headers)[0] == 404


def test_forbidden_and_missing_areas_get_the_same_answer(api_get, bearer, terjun_ambassador):
    headers = bearer(terjun_ambassador)
    _status, forbidden = api_get(f"areas/{personas.KETAWANGGEDE}", headers)
    _status, missing = api_get("areas/35.73.05.9999", headers)
    assert forbidden["detail"].replace(personas.KETAWANGGEDE, "X") == (
        missing["detail"].replace("35.73.05.9999", "X")
    )
    assert forbidden["detail"].startswith(f"Wilayah {personas.KETAWANGGEDE} tidak ditemukan")


def test_malformed_area_code_is_a_clear_422(api_get, bearer, terjun_ambassador):
    status, body = api_get("areas/abc", bearer(terjun_ambassador))
    assert status == 422
    assert body["detail"].startswith("Permintaan tidak valid")
    assert "12.71.12.1003" in body["detail"]
    assert body["errors"][0]["loc"] == ["path", "code"]


def test_area_detail_names_its_ancestors_and_counts_what_lies_within(
    api_get, bearer, medan_coordinator
):
    status, body = api_get(f"areas/{personas.MEDAN}", bearer(medan_coordinator))
    assert status == 200
    assert body["ancestors"] == ["Sumatera Utara"]
    assert [(d["level"], d["count"]) for d in body["descendants"]] == [(3, 21), (4, 151)]
    _status, terjun = api_get(f"areas/{personas.TERJUN}", bearer(medan_coordinator))
    assert terjun["ancestors"] == ["Sumatera Utara", "Kota Medan", "Kecamatan Medan Marelan"]
    assert terjun["descendants"] == []
    assert terjun["parent"] == personas.MEDAN_MARELAN


def test_filters_by_parent_and_level(api_get, bearer, medan_coordinator):
    headers = bearer(medan_coordinator)
    kecamatan = all_pages(api_get, headers, level=3)
    assert len(kecamatan) == 21 and personas.MEDAN_MARELAN in kecamatan
    in_marelan = all_pages(api_get, headers, parent=personas.MEDAN_MARELAN)
    assert personas.TERJUN in in_marelan
    assert in_marelan == set(
        Area.objects.filter(parent_id=personas.MEDAN_MARELAN).values_list("code", flat=True)
    )
    # A parent outside the caller's scope lists nothing, whatever lies below it.
    assert all_pages(api_get, headers, parent=personas.MALANG) == set()


def test_bad_filters_are_clear_422s(api_get, bearer, medan_coordinator):
    headers = bearer(medan_coordinator)
    status, body = api_get("areas", headers, level=9)
    assert status == 422
    assert "level" in body["detail"] and "Maksimal 4" in body["detail"]
    status, body = api_get("areas", headers, parent="medan")
    assert status == 422 and "kode Kemendagri" in body["detail"]
    status, body = api_get("areas", headers, level="dua")
    assert status == 422 and "bilangan bulat" in body["detail"]


def test_pages_of_areas(api_get, bearer, medan_coordinator):
    headers = bearer(medan_coordinator)
    _status, first = api_get("areas", headers)
    _status, second = api_get("areas", headers, page=2)
    assert first["count"] == second["count"] == len(medan_codes())
    assert len(first["items"]) == 100
    assert codes(first).isdisjoint(codes(second))


def test_administrator_sees_the_whole_country(api_get, bearer, administrator):
    headers = bearer(administrator)
    assert api_get(f"areas/{personas.KETAWANGGEDE}", headers)[0] == 200
    _status, body = api_get("areas", headers, level=1)
    assert body["count"] == 38
