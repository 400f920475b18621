"""The home page tells each person what waits for them, counted within their own scope."""

import pytest

from tests import personas
from tests.cases.conftest import make_report

pytestmark = pytest.mark.django_db


def tiles(page: str) -> str:
    return page.split("Menunggu tindakan Anda", 1)[1].split("Peran Anda", 1)[0]


def test_case_worker_sees_reports_awaiting_triage_in_medan_only(as_user, medan_case_worker):
    make_report(personas.TERJUN)
    make_report(personas.TERJUN)
    make_report(personas.KETAWANGGEDE)
    page = as_user(medan_case_worker).get("/").content.decode()
    waiting = tiles(page)
    assert "Laporan menunggu triase" in waiting
    assert '<span class="stat">2</span>' in waiting
    assert "Rujukan terlambat" in waiting


def test_ambassador_home_has_no_casework_tiles_but_can_report(as_user, terjun_ambassador):
    make_report(personas.TERJUN)
    page = as_user(terjun_ambassador).get("/").content.decode()
    assert "Menunggu tindakan Anda" not in page
    assert "/laporan/baru/" in page
