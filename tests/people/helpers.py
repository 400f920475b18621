"""Signing in through the real pages, the way a person does."""

import pyotp
from django.utils import timezone

from tests import personas

LOGIN = "/akun/masuk/"
VERIFY = "/akun/verifikasi/"
ENROL = "/akun/verifikasi/pasang/"


def give_totp(user) -> pyotp.TOTP:
    """Enrol ``user`` in TOTP directly and return the authenticator that holds the secret."""
    secret = pyotp.random_base32()
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return pyotp.TOTP(secret)


def post_password(client, username, password=personas.PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})
