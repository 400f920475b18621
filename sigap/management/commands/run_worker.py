"""``manage.py run_worker``: the background work of every app, on the tasks backend.

The backend's own worker runs the tasks (``sigap.tasks.worker``); beside it a beat enqueues the
schedules of ``sigap/schedules.py`` when they are due, once per period whatever the number of
workers. SIGTERM lets the running task finish, then the worker exits. Any number of workers may
run, on any machine sharing the database (or Redis, with RQ). See docs/operations.md.
"""

from django.core.management.base import BaseCommand

from sigap.schedules import SCHEDULES
from sigap.tasks.schedule import enqueue_due
from sigap.tasks.worker import Process, run_pending


class Command(BaseCommand):
    help = (
        "Run the background tasks and enqueue the schedules when due. Runs until SIGTERM; "
        "with --once, runs what is queued now and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--schedules", action="store_true", help="with --once: enqueue due schedules first"
        )

    def handle(self, *args, once: bool, schedules: bool, **options):
        if not once:
            Process(SCHEDULES).run()
            return
        if schedules:
            for key in enqueue_due(SCHEDULES):
                self.stdout.write(f"scheduled {key}")
        ran = run_pending()
        self.stdout.write(f"{ran} tasks run")
