"""One's own account: profile and language, password, personal API tokens."""

import pytest

from sigap.people import tokens
from sigap.people.models import ApiToken, AuditEvent
from tests import personas

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_then_only_its_prefix(as_user, terjun_ambassador):
    client = as_user(terjun_ambassador)
    response = client.post("/akun/saya/token/", {"name": "skrip ekspor", "expires_in": "30"})
    raw = response.context["new_token"]
    assert raw.startswith("sgp_") and raw in response.content.decode()
    assert tokens.token_authenticate(raw) == terjun_ambassador
    page = client.get("/akun/saya/").content.decode()
    assert raw not in page and raw[:10] in page
    token = ApiToken.objects.get(user=terjun_ambassador)
    assert token.expires_at is not None


def test_token_revoke_and_others_tokens_are_404(as_user, terjun_ambassador, medan_coordinator):
    mine, raw = tokens.token_create(user=terjun_ambassador, name="satu")
    theirs, _ = tokens.token_create(user=medan_coordinator, name="dua")
    client = as_user(terjun_ambassador)
    assert client.post(f"/akun/saya/token/{theirs.pk}/cabut/").status_code == 404
    assert client.post(f"/akun/saya/token/{mine.pk}/cabut/").status_code == 302
    assert tokens.token_authenticate(raw) is None
    assert AuditEvent.objects.filter(action="token.revoke", object_id=str(mine.pk)).exists()


def test_empty_token_name_gets_an_indonesian_error(as_user, terjun_ambassador):
    response = as_user(terjun_ambassador).post("/akun/saya/token/", {"name": ""})
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_language_preference_switches_the_pages(as_user, terjun_ambassador):
    client = as_user(terjun_ambassador)
    response = client.post(
        "/akun/saya/", {"first_name": "Duta", "last_name": "", "email": "", "language": "en"}
    )
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
    assert "My account" in client.get("/akun/saya/").content.decode()


def test_password_change_keeps_the_session(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    response = client.post(
        "/akun/saya/sandi/",
        {
            "old_password": personas.PASSWORD,
            "new_password1": "kata-sandi-baru-yang-kuat-7",
            "new_password2": "kata-sandi-baru-yang-kuat-7",
        },
    )
    assert response.status_code == 302
    medan_coordinator.refresh_from_db()
    assert medan_coordinator.check_password("kata-sandi-baru-yang-kuat-7")
    assert client.get("/akun/pengguna/").status_code == 200  # still signed in, 2FA kept
    assert AuditEvent.objects.filter(action="password.change").exists()


def test_wrong_old_password_is_explained(as_user, terjun_ambassador):
    response = as_user(terjun_ambassador).post(
        "/akun/saya/sandi/", {"old_password": "salah", "new_password1": "x", "new_password2": "x"}
    )
    assert response.status_code == 400
    assert "Sandi lama Anda yang dimasukkan salah" in response.content.decode()


def test_backup_codes_regenerate_replaces_old_ones(as_user, medan_coordinator):
    from sigap.people.twofactor import backup_code_use, backup_codes_regenerate
    from tests.people.helpers import give_totp

    give_totp(medan_coordinator)
    old = backup_codes_regenerate(medan_coordinator)
    response = as_user(medan_coordinator).post("/akun/verifikasi/kode-cadangan/")
    new = response.context["codes"]
    assert not backup_code_use(medan_coordinator, old[0])
    assert backup_code_use(medan_coordinator, new[0])
