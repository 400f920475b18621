"""Re-encrypt every encrypted field and every stored file (attachments and the programme's
files) under the newest key.

Run after putting a new key first in SIGAP_DATA_KEYS (keep the old ones after it until this
finishes); afterwards the old keys can be removed.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction

from sigap.cases import uploads
from sigap.cases.models import Attachment
from sigap.lib import crypto
from sigap.people import files
from sigap.people.fields import EncryptedTextField, data_cipher

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields and attachments under the newest SIGAP_DATA_KEYS key."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if fields:
                total += self.rotate_model(model, [f.column for f in fields])
        for attachment in Attachment.objects.only("storage_name").iterator():
            uploads.rotate(attachment.storage_name)
            total += 1
        total += self.rotate_files()
        self.stdout.write(f"rotated {total} values")

    def rotate_files(self) -> int:
        """Every other app's files from the upload pipeline (encrypted, named ``….enc``)."""
        count = 0
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.FileField):
                    continue
                rows = model.objects.filter(**{f"{field.name}__endswith": ".enc"})
                for name in rows.values_list(field.name, flat=True).iterator():
                    files.rotate(name)
                    count += 1
        return count

    def rotate_model(self, model, columns: list[str]) -> int:
        """Work on the stored ciphertext with plain SQL: the ORM would decrypt on load and
        encrypt again on save, and model save() side effects must not run."""
        cipher, count, last = data_cipher(), 0, None
        while True:
            rows = _raw_batch(model, columns, last)
            if not rows:
                return count
            for pk, *stored in rows:
                fresh = {
                    col: crypto.rotate(cipher, value)
                    for col, value in zip(columns, stored, strict=True)
                    if value
                }
                if fresh:
                    with transaction.atomic():
                        _raw_update(model, pk, fresh)
                    count += len(fresh)
            last = rows[-1][0]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _raw_batch(model, columns, after):
    table, pk = _q(model._meta.db_table), _q(model._meta.pk.column)
    where, params = (f"WHERE {pk} > %s", [after]) if after is not None else ("", [])
    cols = ", ".join(_q(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk}, {cols} FROM {table} {where} ORDER BY {pk} LIMIT {BATCH}",  # noqa: S608
            params,
        )
        return cursor.fetchall()


def _raw_update(model, pk, values: dict) -> None:
    table, pk_col = _q(model._meta.db_table), _q(model._meta.pk.column)
    sets = ", ".join(f"{_q(col)} = %s" for col in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets} WHERE {pk_col} = %s",  # noqa: S608 - names are quoted
            [*values.values(), pk],
        )
