"""Signing in: passwords, lockout, the second factor, and the messages a person reads."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.people.models import AuditEvent, RateCounter, User
from sigap.people.twofactor import SESSION_KEY
from tests import personas
from tests.people.helpers import LOGIN, VERIFY, give_totp, post_password

pytestmark = pytest.mark.django_db

WRONG = "Nama pengguna atau kata sandi salah"
LOCKED = "dikunci"


def events(action, user=None):
    rows = AuditEvent.objects.filter(action=action)
    return rows.filter(object_id=str(user.pk)) if user else rows


def test_ambassador_signs_in_with_password_only(client, terjun_ambassador):
    response = post_password(client, "duta_terjun")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert events("login.success", terjun_ambassador).count() == 1


def test_wrong_password_and_unknown_user_read_the_same(client, terjun_ambassador):
    wrong = post_password(client, "duta_terjun", "salah-sekali-123")
    unknown = post_password(client, "tidak_ada_orang_ini", "salah-sekali-123")
    assert wrong.status_code == unknown.status_code == 200
    assert WRONG in wrong.content.decode() and WRONG in unknown.content.decode()
    assert "duta_terjun" in wrong.content.decode()  # what was typed is kept
    assert events("login.failure").count() == 2
    # The typed unknown name is not kept anywhere in the log.
    assert not AuditEvent.objects.filter(detail__icontains="tidak_ada").exists()


def test_lockout_after_max_failures_then_unlock_after_time(client, settings, terjun_ambassador):
    settings.SIGAP_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        assert WRONG in post_password(client, "duta_terjun", "keliru").content.decode()
    third = post_password(client, "duta_terjun", "keliru").content.decode()
    assert LOCKED in third and WRONG not in third
    # Even the right password is refused while locked.
    assert LOCKED in post_password(client, "duta_terjun").content.decode()
    assert events("login.lockout", terjun_ambassador).count() == 1
    User.objects.filter(pk=terjun_ambassador.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert post_password(client, "duta_terjun").status_code == 302


def test_unknown_name_locks_like_a_real_one(client, settings):
    """Otherwise the lock message would tell which usernames exist."""
    settings.SIGAP_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        assert WRONG in post_password(client, "tidak_ada_orang_ini", "keliru").content.decode()
    for _ in range(2):
        page = post_password(client, "tidak_ada_orang_ini", "keliru").content.decode()
        assert LOCKED in page and WRONG not in page
    assert WRONG in post_password(client, "nama_lain", "keliru").content.decode()
    # Counted under a keyed hash: the typed name is not stored.
    assert not RateCounter.objects.filter(key__icontains="tidak_ada").exists()
    assert RateCounter.objects.filter(key__startswith="login:").count() == 2


def test_success_resets_the_failure_count(client, settings, terjun_ambassador):
    settings.SIGAP_LOGIN_MAX_FAILURES = 3
    post_password(client, "duta_terjun", "keliru")
    post_password(client, "duta_terjun", "keliru")
    post_password(client, "duta_terjun")
    terjun_ambassador.refresh_from_db()
    assert terjun_ambassador.failed_logins == 0 and not terjun_ambassador.is_locked()


def test_coordinator_with_totp_passes_the_second_step(client, medan_coordinator):
    totp = give_totp(medan_coordinator)
    response = post_password(client, "koordinator_medan", next="/wilayah/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert client.get("/akun/pengguna/").url.startswith(VERIFY)
    response = client.post(response.url, {"code": totp.now()})
    assert response.status_code == 302 and response.url == "/wilayah/"
    assert client.session[SESSION_KEY] == medan_coordinator.pk
    assert client.get("/akun/pengguna/").status_code == 200


def test_wrong_totp_is_refused_and_counts_toward_lockout(client, settings, medan_coordinator):
    settings.SIGAP_LOGIN_MAX_FAILURES = 2
    give_totp(medan_coordinator)
    post_password(client, "koordinator_medan")
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "Kode ini tidak benar" in response.content.decode()
    response = client.post(VERIFY, {"code": "000001"}, follow=True)
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session  # signed out
    assert events("login.lockout", medan_coordinator).count() == 1


def test_a_totp_code_cannot_be_replayed(client, medan_coordinator):
    totp = give_totp(medan_coordinator)
    code = totp.now()
    post_password(client, "koordinator_medan")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/akun/keluar/")
    post_password(client, "koordinator_medan")
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "sudah dipakai" in response.content.decode()


def test_backup_code_works_once(client, medan_coordinator):
    from sigap.people.twofactor import backup_codes_regenerate

    give_totp(medan_coordinator)
    codes = backup_codes_regenerate(medan_coordinator)
    assert len(codes) == 10 and len(set(codes)) == 10
    post_password(client, "koordinator_medan")
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert events("2fa.backup_used", medan_coordinator).count() == 1
    client.post("/akun/keluar/")
    post_password(client, "koordinator_medan")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_backup_codes_are_stored_hashed(medan_coordinator):
    from sigap.people.models import BackupCode
    from sigap.people.twofactor import backup_codes_regenerate

    codes = backup_codes_regenerate(medan_coordinator)
    stored = set(
        BackupCode.objects.filter(user=medan_coordinator).values_list("code_hash", flat=True)
    )
    assert not {c.replace("-", "") for c in codes} & stored
    assert all(len(h) == 64 for h in stored)


def test_sign_out_is_a_post_and_is_audited(client, terjun_ambassador):
    post_password(client, "duta_terjun")
    assert client.get("/akun/keluar/").status_code == 405
    assert client.post("/akun/keluar/").status_code == 302
    assert "_auth_user_id" not in client.session
    assert events("logout", terjun_ambassador).count() == 1


def test_argon2_is_the_production_hasher(settings, areas):
    from django.conf import settings as live
    from django.contrib.auth.hashers import get_hashers

    import sigap.settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    get_hashers.cache_clear()
    try:
        assert live.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
        user = User.objects.create_user("argon_uji", password=personas.PASSWORD)
        assert user.password.startswith("argon2")
        assert user.check_password(personas.PASSWORD)
    finally:
        get_hashers.cache_clear()


def test_empty_login_form_errors_are_in_indonesian(client, areas):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert "Bidang ini tidak boleh kosong" in response.content.decode()


def test_english_when_chosen(client, terjun_ambassador):
    client.cookies["django_language"] = "en"
    response = post_password(client, "duta_terjun", "keliru")
    assert "The username or password is incorrect" in response.content.decode()


def test_login_ignores_an_external_next(client, terjun_ambassador):
    response = post_password(client, "duta_terjun", next="https://jahat.example/")
    assert response.url == "/"
