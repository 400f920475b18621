"""Symmetric encryption of personal data at rest (Fernet: AES-128-CBC + HMAC-SHA256).

Keys are passed in, never read here, so the helpers stay framework-free. The first key
encrypts; every key decrypts, which is what makes key rotation possible.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PREFIX = "enc1:"


class DecryptionError(Exception):
    """The stored value was not made by any of the configured keys."""


def derive_key(secret: str) -> str:
    """A Fernet key derived from a secret string, for development only."""
    digest = hashlib.sha256(("sigap-data-key:" + secret).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def make_cipher(keys: list[str]) -> MultiFernet:
    if not keys:
        raise ValueError("at least one encryption key is needed")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(cipher: MultiFernet, plaintext: str) -> str:
    return PREFIX + cipher.encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(cipher: MultiFernet, stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("value is not encrypted")
    try:
        return cipher.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise DecryptionError("no configured key decrypts this value") from error


def rotate(cipher: MultiFernet, stored: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    return PREFIX + cipher.rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


def token_hash(token: str) -> str:
    """A one-way hash for high-entropy secrets (API tokens, receipt codes, backup codes)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
