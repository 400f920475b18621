"""Keyed hashes for receipt codes, suspect identifiers and rate-limit keys.

A plain SHA-256 of a 16-digit code or a phone number could be reversed by trying every value;
an HMAC under a server secret cannot, without the secret. Lookups stay exact-match indexed.

The secrets are their own key ring, SIGAP_HASH_KEYS (newest first), apart from Django's signing
key, so that rotating that key breaks no receipt. New values are hashed under the newest key;
a lookup tries every key. ``rotate_hash_keys`` re-keys identifiers from their report's text; a
receipt, whose code is never stored, is re-keyed when its holder next uses it.
Without SIGAP_HASH_KEYS the ring is the secret key alone, as before it existed.
"""

import hashlib
import hmac
import secrets
from functools import lru_cache

from django.conf import settings

RECEIPT_DIGITS = 16


@lru_cache(maxsize=16)
def _key(purpose: str, secret_key: str) -> bytes:
    return hashlib.sha256(f"sigap-cases:{purpose}:{secret_key}".encode()).digest()


def ring() -> list[str]:
    return list(getattr(settings, "SIGAP_HASH_KEYS", None) or [settings.SECRET_KEY])


def keyed_hash(purpose: str, value: str) -> str:
    """The hash under the newest key: what new rows store."""
    return _hash(purpose, value, ring()[0])


def keyed_hashes(purpose: str, value: str) -> list[str]:
    """The hash under every key of the ring, newest first: what a lookup looks for."""
    return [_hash(purpose, value, secret) for secret in ring()]


def _hash(purpose: str, value: str, secret: str) -> str:
    return hmac.digest(_key(purpose, secret), value.encode("utf-8"), "sha256").hex()


def new_receipt() -> str:
    """16 random digits (about 53 bits), GlobaLeaks-style."""
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def receipt_hash(code: str) -> str:
    return keyed_hash("receipt", code)


def receipt_hashes(code: str) -> list[str]:
    return keyed_hashes("receipt", code)


def submission_keys(submission: str) -> list[tuple[str, str]]:
    """(keyed hash of a form's one-time submission id, the receipt code it yields) under each
    key, newest first. The receipt comes from the id, so the same form sent again gets the
    first receipt back although no receipt is stored; the id is as secret as the receipt and
    only its hash is kept."""
    keys = []
    for secret in ring():
        digest = hmac.digest(_key("submission-receipt", secret), submission.encode(), "sha256")
        receipt = f"{int.from_bytes(digest[:8], 'big') % 10**RECEIPT_DIGITS:0{RECEIPT_DIGITS}d}"
        keys.append((_hash("submission", submission, secret), receipt))
    return keys


def format_receipt(code: str) -> str:
    """'1234 5678 9012 3456': groups of four are easier to copy onto paper."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def clean_receipt(raw: str) -> str | None:
    digits = "".join(ch for ch in raw or "" if ch.isdigit())
    return digits if len(digits) == RECEIPT_DIGITS else None
