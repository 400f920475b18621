"""The area browser and search pages, through the personas: scoped, with one 404 for all."""

import pytest
from django.urls import reverse
from django.utils import translation

from sigap.regions.boundaries import import_boundaries
from tests import personas

pytestmark = pytest.mark.django_db

NOT_FOUND = (
    "This page does not exist, or you do not have access to it. Check the address, "
    "or go back to the home page."
)


def detail(code):
    return reverse("regions:detail", args=[code])


def search(client, query, **headers):
    return client.get(reverse("regions:search"), {"q": query}, headers=headers)


def assert_not_found_in_indonesian(response):
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="id">' in html
    with translation.override("id"):
        message = translation.gettext(NOT_FOUND)
    assert message != NOT_FOUND, "no Indonesian catalogue: run manage.py translations --compile"
    assert message in html


def test_coordinator_browses_from_the_city_to_a_kelurahan(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    root = client.get(reverse("regions:browse"))
    assert root.status_code == 200
    assert "Kota Medan" in root.content.decode()
    assert f'href="{detail(personas.MEDAN)}"' in root.content.decode()

    city = client.get(detail(personas.MEDAN)).content.decode()
    assert "Kecamatan Medan Marelan" in city
    assert city.count("<tr>") == 21 + 1  # header and one row per kecamatan

    kecamatan = client.get(detail(personas.MEDAN_MARELAN)).content.decode()
    assert "Kelurahan Terjun" in kecamatan
    assert f'<a href="{detail(personas.MEDAN)}">Kota Medan</a>' in kecamatan

    assert client.get(detail(personas.TERJUN)).status_code == 200


def test_counts_of_sub_areas(as_user, medan_coordinator):
    html = as_user(medan_coordinator).get(reverse("regions:browse")).content.decode()
    # Kota Medan: 21 kecamatan, 151 kelurahan.
    assert '<td class="num">21</td>' in html and '<td class="num">151</td>' in html


def test_other_city_and_unknown_code_get_the_same_404(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    assert_not_found_in_indonesian(client.get(detail(personas.MALANG)))
    assert_not_found_in_indonesian(client.get(detail(personas.KETAWANGGEDE)))
    assert_not_found_in_indonesian(client.get(detail("99.99.99.9999")))
    assert_not_found_in_indonesian(client.get(detail("not-a-code")))


def test_ambassador_sees_terjun_with_names_but_no_links_above_it(as_user, terjun_ambassador):
    client = as_user(terjun_ambassador)
    root = client.get(reverse("regions:browse")).content.decode()
    assert "Kelurahan Terjun" in root and "Kota Medan" not in root
    page = client.get(detail(personas.TERJUN))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kecamatan Medan Marelan" in html and "Kota Medan" in html
    assert f'href="{detail(personas.MEDAN_MARELAN)}"' not in html
    assert f'href="{detail(personas.MEDAN)}"' not in html
    assert client.get(detail(personas.MEDAN_MARELAN)).status_code == 404


def test_outsider_has_nothing_to_browse(as_user, outsider):
    client = as_user(outsider)
    root = client.get(reverse("regions:browse"))
    assert root.status_code == 200
    assert "Belum ada wilayah yang bisa Anda jelajahi" in root.content.decode()
    assert client.get(detail(personas.TERJUN)).status_code == 404
    assert detail(personas.TERJUN) not in search(client, "Terjun").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, areas):
    response = client.get(detail(personas.TERJUN))
    assert response.status_code == 302
    assert reverse("people:login") in response["Location"]


def test_search_page_works_without_javascript(as_user, medan_coordinator):
    response = search(as_user(medan_coordinator), "terjun medan")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert f'href="{detail(personas.TERJUN)}"' in html
    assert "Kel. Terjun, Kec. Medan Marelan, Kota Medan" in html


def test_htmx_search_answers_with_a_fragment(as_user, medan_coordinator):
    response = search(as_user(medan_coordinator), "marelan", HX_Request="true")
    html = response.content.decode()
    assert "<html" not in html
    assert f'href="{detail(personas.MEDAN_MARELAN)}"' in html
    assert "HX-Request" in response["Vary"]


def test_search_stays_in_scope(as_user, terjun_ambassador):
    html = search(as_user(terjun_ambassador), "Ketawang Gede").content.decode()
    assert personas.KETAWANGGEDE not in html
    assert "Ketawang Gede" in html  # the query is echoed in the "nothing found" message


def test_search_survives_bad_input(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    for query in ["", "x" * 5000, "<script>", "%00"]:
        response = search(client, query)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_city_page_draws_the_kecamatan_map(as_user, medan_coordinator, boundaries_dir):
    import_boundaries([boundaries_dir / "geojson/kota_medan_12.71_kecamatan.geojson"])
    html = as_user(medan_coordinator).get(detail(personas.MEDAN)).content.decode()
    assert '<section class="card map"' in html
    assert html.count("<path") == 21
