"""Re-encrypt every encrypted field and every stored file (attachments and the programme's
files) under the newest key.

Run after putting a new key first in SIGAP_DATA_KEYS (keep the old ones after it until this
finishes); afterwards the old keys can be removed.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

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
                total += self.rotate_model(model, [f.name for f in fields])
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

    def rotate_model(self, model, names: list[str]) -> int:
        """Work on the stored ciphertext, a batch at a time in primary-key order (an interrupted
        run is simply run again: a value already under the newest key is rotated once more).
        Each field is read as plain text (``Cast``) and written back as a plain ``Value`` in
        an ``update()``: loading the model would decrypt, and ``save()`` side effects must
        not run."""
        cipher, count, last = data_cipher(), 0, None
        stored = {f"stored_{name}": Cast(name, models.TextField()) for name in names}
        while True:
            rows = model._base_manager.order_by("pk").annotate(**stored)
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch = list(rows.values_list("pk", *stored)[:BATCH])
            if not batch:
                return count
            for pk, *values in batch:
                fresh = {
                    name: models.Value(crypto.rotate(cipher, value), models.TextField())
                    for name, value in zip(names, values, strict=True)
                    if value
                }
                if fresh:
                    with transaction.atomic():
                        model._base_manager.filter(pk=pk).update(**fresh)
                    count += len(fresh)
            last = batch[-1][0]
