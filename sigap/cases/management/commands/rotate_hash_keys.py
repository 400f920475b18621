"""Re-key the suspect identifiers' and victims' identity hashes under the newest SIGAP_HASH_KEYS
key.

Run after putting a new key first in SIGAP_HASH_KEYS (keep the old ones after it). Identifiers
are hashed again from their report's encrypted text and victims from their encrypted fields, so
reports keep linking, and imports keep finding duplicates, across the change.
Receipt codes are never stored: a receipt is re-keyed when its holder next checks it, so an old
key stays in the ring as long as its receipts may still be used (docs/operations.md).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from sigap.cases import hashing, identifiers
from sigap.cases.models import Identifier, Report, Victim, victim_identity_hash


class Command(BaseCommand):
    help = "Re-key identifier hashes under the newest SIGAP_HASH_KEYS key."

    def handle(self, *args, **options):
        reports = (
            Report.objects.filter(identifiers__isnull=False)
            .distinct()
            .only("pk", "suspect", "suspect_identifiers")
        )
        total = 0
        for report in reports.iterator(chunk_size=500):
            total += _rekey(report)
        total += _rekey_victims()
        self.stdout.write(f"re-keyed {total} hashes")


@transaction.atomic
def _rekey(report: Report) -> int:
    """Each identifier of the report whose hash is under an older key gets the newest one."""
    newer = {}
    text = " \n".join([report.suspect_identifiers, report.suspect])
    for kind, value in identifiers.extract(text):
        newest, *older = hashing.keyed_hashes("identifier", f"{kind}:{value}")
        newer.update(dict.fromkeys(older, newest))
    count = 0
    for row in Identifier.objects.filter(report=report, value_hash__in=list(newer)):
        if newer[row.value_hash] != row.value_hash:
            Identifier.objects.filter(pk=row.pk).update(value_hash=newer[row.value_hash])
            count += 1
    return count


def _rekey_victims() -> int:
    """Victims' identity hashes (an HTCDS import finds duplicates by them), from their fields."""
    count = 0
    fields = ("nik", "first_name", "second_name", "birth_year")
    for victim in Victim.objects.exclude(identity_hash="").only(*fields, "identity_hash"):
        fresh = victim_identity_hash(**{name: getattr(victim, name) for name in fields})
        if fresh != victim.identity_hash:
            Victim.objects.filter(pk=victim.pk).update(identity_hash=fresh)
            count += 1
    return count
