from django.core.management.base import BaseCommand

from sigap.alerts.actions import warning_run


class Command(BaseCommand):
    help = "Run the early warning over every area now and store its alerts (as the daily task)."

    def handle(self, *args, **options):
        summary = warning_run()
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(summary.by_kind.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Week of {summary.judged_week}: {summary.created} new alerts, "
                f"{summary.joined} joined open ones, in {summary.seconds} s ({kinds or 'none'})"
            )
        )
