"""The smaller findings of issue 17 (finding 6), each with the behaviour a user notices."""

import pytest

from sigap.people.tokens import token_create
from tests import personas
from tests.cases.conftest import make_report

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, raw = token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_national_administrator_opens_the_reports_the_list_shows(as_user, client, areas):
    report, _code = make_report()
    admin = personas.administrator()
    page = as_user(admin)
    assert f"/laporan/{report.pk}/" in page.get("/laporan/").content.decode()
    assert page.get(f"/laporan/{report.pk}/").status_code == 200
    api = client.get(f"/api/v1/reports/{report.pk}", **bearer(admin))
    assert api.status_code == 200
    listed = client.get("/api/v1/reports", **bearer(admin)).json()
    assert report.pk in [r["id"] for r in listed]


SIGNED = {"channel": "outreach", "people_sex": "unknown",
          "what": "Mahasiswi ditawari magang ke luar negeri, paspor ditahan."}  # fmt: skip


def test_signed_reports_stay_in_the_filers_areas_on_pages_and_api(
    as_user, client, ketawanggede_relawan
):
    """docs/decisions/0010: a signed report is filed in the filer's own areas; elsewhere the
    public form takes it. Page and API agree."""
    from sigap.cases.models import Report

    page = as_user(ketawanggede_relawan).post("/laporan/baru/", {**SIGNED, "area": personas.TERJUN})
    assert page.status_code == 200 and "/lapor/" in page.content.decode()
    api = client.post(
        "/api/v1/reports", {**SIGNED, "area": personas.TERJUN},
        content_type="application/json", **bearer(ketawanggede_relawan),
    )  # fmt: skip
    assert api.status_code in (400, 403, 422)
    assert not Report.objects.exists()
    own = client.post(
        "/api/v1/reports", {**SIGNED, "area": personas.KETAWANGGEDE},
        content_type="application/json", **bearer(ketawanggede_relawan),
    )  # fmt: skip
    assert own.status_code == 201
