"""Erase reports past their retention period. The worker does it every day (the
`retention-erasure` schedule, sigap/schedules.py); this runs it by hand, or lists with --dry-run."""

from django.conf import settings
from django.core.management.base import BaseCommand

from sigap.cases.actions import reports_erase_expired
from sigap.cases.models import Report


class Command(BaseCommand):
    help = (
        "Erase what identifies anyone in reports judged not to be trafficking, in no case, "
        "whose decision is older than SIGAP_REPORT_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list them, change nothing")

    def handle(self, *args, dry_run: bool, **options):
        ids = reports_erase_expired(dry_run=dry_run)
        days = settings.SIGAP_REPORT_RETENTION_DAYS
        verb = "would erase" if dry_run else "erased"
        refs = ", ".join(Report.reference_for(pk) for pk in ids[:20]) + (
            " …" if len(ids) > 20 else ""
        )
        self.stdout.write(f"{verb} {len(ids)} reports older than {days} days {refs}".rstrip())
