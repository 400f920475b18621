"""Keyed hashes for receipt codes, suspect identifiers and rate-limit keys.

A plain SHA-256 of a 16-digit code or a phone number could be reversed by trying every value;
an HMAC under a server secret cannot, without the secret. Lookups stay exact-match indexed.
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


def keyed_hash(purpose: str, value: str) -> str:
    key = _key(purpose, settings.SECRET_KEY)
    return hmac.digest(key, value.encode("utf-8"), "sha256").hex()


def new_receipt() -> str:
    """16 random digits (about 53 bits), GlobaLeaks-style."""
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def receipt_hash(code: str) -> str:
    return keyed_hash("receipt", code)


def format_receipt(code: str) -> str:
    """'1234 5678 9012 3456': groups of four are easier to copy onto paper."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def clean_receipt(raw: str) -> str | None:
    digits = "".join(ch for ch in raw or "" if ch.isdigit())
    return digits if len(digits) == RECEIPT_DIGITS else None
