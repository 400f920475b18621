"""A text field stored encrypted; the database only ever holds ciphertext."""

from functools import lru_cache

from django.conf import settings
from django.db import models

from sigap.lib import crypto


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]):
    return crypto.make_cipher(list(keys))


@lru_cache(maxsize=4)
def _development_key(secret: str) -> str:
    return crypto.derive_key(secret)


def data_cipher():
    keys = tuple(settings.SIGAP_DATA_KEYS) or (_development_key(settings.SECRET_KEY),)
    return _cipher(keys)


class EncryptedTextField(models.TextField):
    """Encrypts on save, decrypts on load. Not searchable or sortable by design."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(data_cipher(), value)

    def get_prep_value(self, value):
        return self.encrypt(super().get_prep_value(value))

    @staticmethod
    def encrypt(value):
        """A string as stored: ciphertext; None and "" as they are. The intake calls it
        directly, without the ORM's steps before it."""
        return crypto.encrypt(data_cipher(), value) if value else value
