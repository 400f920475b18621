"""``manage.py run_worker``: the background work of every app, in one process.

Two loops, each in its own thread, so that a long bulk file never holds up new reports:

* reports filed moments ago are completed (``sigap.cases.actions.reports_process``: their
  identifiers and links, the risk score's weight for a link, their timeline and audit rows);
* uploaded bulk files of job posts are screened (``sigap.jobcheck``), one job at a time.

On SQLite the first loop also checkpoints the write-ahead log once a second
(``sigap.lib.sqlitewal``), so that no web request waits for it.

A batch's transaction and commit cost about as much as completing ten reports, so after a
batch that was not full the first loop waits ``GATHER_S`` before the next one: under a steady
stream of reports each batch then holds more of them (in the intake benchmark the worker's
median CPU per report fell by about 40 % on PostgreSQL and a tenth on SQLite), and a report is
still completed well within a second. A full batch is followed at once.

Any number of workers may run, on any machine sharing the database: both loops claim their
work atomically.
"""

import logging
import threading
import time

from django.core.management.base import BaseCommand
from django.db import connection

from sigap.cases.actions import reports_process
from sigap.jobcheck import actions as jobcheck
from sigap.lib import sqlitewal

logger = logging.getLogger(__name__)

BATCH = 100  # reports completed per transaction (reports_process's limit)
GATHER_S = 0.25  # after a batch that was not full, wait this long before the next one


class Command(BaseCommand):
    help = (
        "Complete new reports and screen uploaded bulk files. Runs until stopped; with --once, "
        "until nothing is waiting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="do what is waiting, then exit")
        parser.add_argument(
            "--sleep", type=float, default=1.0, help="seconds to wait when nothing is waiting"
        )

    def handle(self, *args, once: bool, sleep: float, **options):
        if once:
            self.reports(once=True, sleep=sleep)
            self.jobs(once=True, sleep=sleep)
            return
        threading.Thread(target=self.reports, args=(False, sleep), daemon=True).start()
        self.jobs(once=False, sleep=sleep)

    def reports(self, once: bool, sleep: float) -> None:
        checkpoint = sqlitewal.Every()
        try:
            while True:
                try:
                    done = reports_process(limit=BATCH)
                    checkpoint(connection)
                except Exception:  # a worker outlives a passing database error
                    if once:
                        raise
                    logger.exception("processing reports failed; trying again")
                    done = 0
                if done:
                    self.stdout.write(f"{done} reports processed")
                    if done < BATCH and not once:
                        time.sleep(min(sleep, GATHER_S))  # let the next batch fill
                elif once:
                    return
                else:
                    time.sleep(sleep)
        finally:
            if not once:
                connection.close()

    def jobs(self, once: bool, sleep: float) -> None:
        while True:
            jobcheck.bulk_jobs_fail_stale()
            job = jobcheck.bulk_job_claim()
            if job is None:
                if once:
                    return
                time.sleep(sleep)
                continue
            job = jobcheck.bulk_job_run(job)
            self.stdout.write(
                f"job {job.pk}: {job.status}, {job.screened} screened, {job.error_count} bad"
            )
