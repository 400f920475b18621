from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sigap.programme.actions import condition_reminders_send


class Command(BaseCommand):
    help = (
        "Remind kelurahan whose condition report is due or late (in-app and e-mail). The worker "
        "does it every morning (the condition-reminders schedule); safe to run by hand as often "
        "as you like: each reminder is sent once per period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", default="", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, today, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError("--today must be a date like 2026-03-15.")
        sent = condition_reminders_send(today=day)
        self.stdout.write(f"{sent} condition-report reminders sent.")
