import time

from django.core.management.base import BaseCommand

from sigap.dashboards import summaries


class Command(BaseCommand):
    help = (
        "Count reports and cases per kecamatan and month for the dashboards: the last two "
        "months and every month not counted yet (the daily task does the same)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        months = summaries.months_to_refresh()
        rows = summaries.refresh(months)
        self.stdout.write(
            f"{len(months)} months, {rows} summary rows in {time.perf_counter() - started:.1f} s"
        )
