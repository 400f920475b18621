"""``manage.py run_worker``: screen uploaded bulk files in the background.

Any number of workers may run, on any machine sharing the database: each claims the oldest
pending job atomically (sigap.jobcheck.actions.bulk_job_claim).
"""

import time

from django.core.management.base import BaseCommand

from sigap.jobcheck import actions


class Command(BaseCommand):
    help = (
        "Screen pending bulk files (Cek Lowongan). Runs until stopped; with --once, until no "
        "job is waiting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="process waiting jobs, then exit")
        parser.add_argument(
            "--sleep", type=float, default=2.0, help="seconds to wait when no job is waiting"
        )

    def handle(self, *args, once: bool, sleep: float, **options):
        while True:
            actions.bulk_jobs_fail_stale()
            job = actions.bulk_job_claim()
            if job is None:
                if once:
                    return
                time.sleep(sleep)
                continue
            job = actions.bulk_job_run(job)
            self.stdout.write(
                f"job {job.pk}: {job.status}, {job.screened} screened, {job.error_count} bad"
            )
