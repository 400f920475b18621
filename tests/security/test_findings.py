"""The smaller findings of issue 17 (finding 6), each with the behaviour a user notices."""

import re

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


def test_the_same_report_form_posted_three_times_makes_one_report(client, areas):
    from sigap.cases.models import Report
    from tests.cases.test_intake import FORM, receipt_in

    form = client.get("/lapor/").content.decode()
    submission = re.search(r'name="submission_id" value="([0-9a-f]{32})"', form).group(1)
    posts = [client.post("/lapor/", {**FORM, "submission_id": submission}) for _ in range(3)]
    assert Report.objects.count() == 1
    first, *replays = posts
    assert "sudah diterima sebelumnya" not in first.content.decode()
    for replay in replays:
        assert replay.status_code == 200 and "sudah diterima sebelumnya" in replay.content.decode()
        assert receipt_in(replay) == receipt_in(first)  # the first receipt, still valid
    assert client.post("/status/", {"code": receipt_in(first)}).status_code == 200
    # A form opened afresh is a new report.
    fresh = re.search(
        r'name="submission_id" value="([0-9a-f]{32})"', client.get("/lapor/").content.decode()
    )
    client.post("/lapor/", {**FORM, "submission_id": fresh.group(1)})
    assert Report.objects.count() == 2


def _reads(**where) -> int:
    from sigap.people.models import AuditEvent

    return AuditEvent.objects.filter(action="personal.read", **where).count()


def test_pages_with_personal_data_audit_each_view(
    as_user, medan_coordinator, medan_case_worker, administrator, areas
):
    from datetime import date

    from sigap.cases import referral_actions
    from sigap.programme import actions
    from sigap.regions.models import Area
    from tests.cases.conftest import make_case
    from tests.programme.conftest import make_malang_programme, make_medan_programme

    programme = make_medan_programme()
    terjun = Area.objects.get(code=personas.TERJUN)
    event = actions.event_create(
        actor=None, programme=programme, kind="sosialisasi", title="Sosialisasi",
        area=terjun, venue="Kantor Lurah", starts_on=date(2026, 3, 10), days=2,
    )  # fmt: skip
    actions.participant_register(actor=None, event=event, name="Ani", sex="p", area=terjun)
    member = actions.member_register(
        actor=None, programme=programme, name="Rina", sex="p", role="ambassador", area=terjun,
        phone="+6281234567890", term_starts=date(2026, 1, 5),
    )[0]  # fmt: skip
    malang = make_malang_programme()
    pact = actions.pact_record(
        actor=None, programme=malang, area=Area.objects.get(code=personas.KETAWANGGEDE),
        signed_on=date(2025, 10, 1), signatories=[("Lurah (Demo)", "Lurah", "Kelurahan")],
        commitments=[("volunteers", "Membentuk relawan", 4)],
    )  # fmt: skip
    case = make_case(medan_case_worker)
    referral = referral_actions.case_refer(
        case=case, actor=medan_case_worker, organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )  # fmt: skip
    pages = [
        (medan_coordinator, f"/program/kegiatan/{event.pk}/kehadiran/", "event", event.pk),
        (medan_coordinator, f"/program/kegiatan/{event.pk}/daftar-hadir/", "event", event.pk),
        (medan_coordinator, f"/program/anggota/{member.pk}/", "member", member.pk),
        (administrator, f"/program/pakta/{pact.pk}/", "pact", pact.pk),
        (administrator, f"/akun/pengguna/{medan_case_worker.pk}/", "user", medan_case_worker.pk),
        (medan_coordinator, f"/rujukan/{referral.pk}/", "referral", referral.pk),
    ]
    for user, url, kind, pk in pages:
        before = _reads(object_type=kind, object_id=str(pk))
        assert as_user(user).get(url).status_code == 200, url
        assert _reads(object_type=kind, object_id=str(pk)) == before + 1, url


def test_language_cookie_is_secure_in_production(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from cryptography.fernet import Fernet

    env = {key: value for key, value in os.environ.items() if not key.startswith("SIGAP_")}
    env.update({
        "SIGAP_PRODUCTION": "true", "SIGAP_SECRET_KEY": "k" * 50,
        "SIGAP_DATA_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
    })  # fmt: skip
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                         text=True, timeout=120, check=True)  # fmt: skip
    assert out.stdout.split() == ["True", "True", "Lax"]


def test_the_language_cookie_set_at_sign_in_follows_the_settings(client, settings, areas):
    from tests.people.helpers import post_password

    settings.LANGUAGE_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_HTTPONLY = True
    personas.person("duta_bahasa", role="ambassador", area=personas.TERJUN)
    response = post_password(client, "duta_bahasa")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
