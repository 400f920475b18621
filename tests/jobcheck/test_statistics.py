"""Weekly counts of checks, for roles that may see aggregates."""

import pytest

from tests.conftest import login
from tests.jobcheck.posts import CAMBODIA_ADMIN, LICENSED

pytestmark = pytest.mark.django_db
URL = "/cek-lowongan/statistik/"


def test_analyst_sees_counts_by_level_and_flag(client, medan_analyst):
    for text in (CAMBODIA_ADMIN, CAMBODIA_ADMIN, LICENSED):
        client.post("/cek-lowongan/", {"text": text})
    page = login(client, medan_analyst).get(URL).text
    assert "Risiko tinggi" in page
    assert '<td class="num">2</td>' in page
    # Signs by their title in the page's language, never by their code.
    assert "Negara tujuan tidak dibuka untuk penempatan PMI" in page
    assert "Perusahaan ada di daftar P3MI berizin" in page
    assert "tujuan_dilarang" not in page and "p3mi_terdaftar" not in page


def test_community_roles_and_strangers_do_not_see_counts(client, terjun_ambassador, outsider):
    assert login(client, terjun_ambassador).get(URL).status_code == 404
    assert login(client, outsider).get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302  # sign-in first
