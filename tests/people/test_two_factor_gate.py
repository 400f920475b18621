"""Who must pass the second factor before seeing anything, and the enrolment a person does."""

import pyotp
import pytest

from sigap.people.models import AuditEvent, BackupCode
from sigap.people.twofactor import PENDING_SECRET_KEY, SESSION_KEY
from tests.people.helpers import ENROL, VERIFY, give_totp, post_password

pytestmark = pytest.mark.django_db


def test_coordinator_without_totp_must_enrol_before_anything(client, medan_coordinator):
    response = post_password(client, "koordinator_medan")
    assert response.url.startswith(ENROL)
    for path in ["/", "/akun/pengguna/", "/wilayah/", "/akun/saya/", "/admin/"]:
        response = client.get(path)
        if path == "/":
            assert response.status_code == 200  # the public landing page stays reachable
            continue
        assert response.status_code == 302 and response.url.startswith(ENROL), path


def test_enrolment_shows_qr_and_key_then_backup_codes_once(client, medan_coordinator):
    post_password(client, "koordinator_medan")
    page = client.get(ENROL).content.decode()
    assert "<svg" in page and "Pindai kode QR" in page
    secret = client.session[PENDING_SECRET_KEY]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    wrong = client.post(ENROL, {"code": "123456"})
    assert wrong.status_code == 200 and "Kode ini tidak benar" in wrong.content.decode()
    done = client.post(ENROL + "?next=/wilayah/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    medan_coordinator.refresh_from_db()
    assert medan_coordinator.has_totp and medan_coordinator.totp_secret == secret
    assert BackupCode.objects.filter(user=medan_coordinator).count() == 10
    assert client.session[SESSION_KEY] == medan_coordinator.pk
    assert client.get("/akun/pengguna/").status_code == 200
    assert AuditEvent.objects.filter(
        action="2fa.enrol", object_id=str(medan_coordinator.pk)
    ).exists()


def test_the_secret_is_stored_encrypted(client, medan_coordinator):
    from django.db import connection

    give_totp(medan_coordinator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT totp_secret FROM people_user WHERE id = %s", [medan_coordinator.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc2:") and medan_coordinator.totp_secret not in stored


def test_password_alone_cannot_replace_an_existing_authenticator(client, medan_coordinator):
    give_totp(medan_coordinator)
    post_password(client, "koordinator_medan")
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert client.get("/akun/verifikasi/kode-cadangan/").url.startswith(VERIFY)


def test_ambassador_is_not_forced_to_enrol(client, terjun_ambassador):
    post_password(client, "duta_terjun")
    assert client.get("/akun/saya/").status_code == 200
    assert client.get("/wilayah/").status_code == 200


def test_ambassador_who_enrolled_is_asked_for_the_code(client, terjun_ambassador):
    give_totp(terjun_ambassador)
    response = post_password(client, "duta_terjun")
    assert response.url.startswith(VERIFY)
    assert client.get("/akun/saya/").url.startswith(VERIFY)


def test_case_worker_and_focal_point_need_the_second_factor(
    client, medan_case_worker, uptd_focal_point
):
    assert post_password(client, "pekerja_kasus_medan").url.startswith(ENROL)
    client.post("/akun/keluar/")
    assert post_password(client, "focal_uptd_medan").url.startswith(ENROL)


def test_the_gate_leaves_static_language_and_api_alone(client, medan_coordinator):
    post_password(client, "koordinator_medan")
    assert client.get("/static/sigap/sigap.css").status_code in (200, 404)
    assert not client.get("/static/sigap/sigap.css").get("Location", "").startswith(ENROL)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and not response.url.startswith(ENROL)
    api = client.get("/api/v1/")
    assert not api.get("Location", "").startswith(ENROL)


def test_htmx_requests_are_told_to_navigate(client, medan_coordinator):
    post_password(client, "koordinator_medan")
    response = client.get("/akun/pengguna/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(ENROL)


def test_as_user_fixture_session_key_is_honoured(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    assert client.get("/akun/pengguna/").status_code == 200


def test_admin_login_goes_through_sigap_sign_in(client, areas):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url.startswith("/akun/masuk/")
