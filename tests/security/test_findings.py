"""The smaller findings of issue 17 (finding 6), each with the behaviour a user notices."""

import pytest
from django.urls import reverse

from sigap.people.models import AuditEvent
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
