"""The worker process (``manage.py run_worker``): the tasks backend's own worker, plus a beat.

Every ``BEAT_S`` seconds the beat enqueues the schedules that are due (``sigap/schedules.py``),
says this worker is alive (``WorkerBeat``) and, on the database backend, puts back in the queue
any task claimed by a worker that stopped beating (killed, its machine lost): a killed worker
loses nothing. On RQ, RQ's own registries find a dead worker's job and the beat puts it back.
"""

import logging
import signal
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus, task_backends

from sigap.tasks.models import WorkerBeat
from sigap.tasks.schedule import enqueue_due

logger = logging.getLogger(__name__)

BEAT_S = 5.0
STALE_S = 30.0  # a worker not seen for this long is taken for dead


def on_database() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def new_worker_id() -> str:
    return get_random_string(24)


def beat(worker_ids) -> None:
    now = timezone.now()
    for worker_id in worker_ids:
        WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now})


def requeue_orphans() -> int:
    """Put back in the queue the database backend's tasks whose worker stopped beating; return
    how many. A task may thus run twice (at least once), so tasks are safe to repeat."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=STALE_S)
    alive = set(WorkerBeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = 0
    for result in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        requeued += DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
        logger.warning("task %s put back in the queue: its worker stopped", result.pk)
    WorkerBeat.objects.filter(seen_at__lt=cutoff - timedelta(days=1)).delete()
    return requeued


def beat_once(worker_ids, schedules) -> None:
    beat(worker_ids)
    if on_database():
        requeue_orphans()
    else:
        from sigap.tasks import rq

        rq.requeue_abandoned()
    for key in enqueue_due(schedules):
        logger.info("scheduled %s", key)


def run_pending() -> int:
    """Run what is queued now, then return how many tasks ran (``run_worker --once``; tests).
    On the database backend in this thread, one claim at a time as the backend's worker claims,
    but without closing the connection between tasks (a test's transaction stays open); on RQ
    with RQ's worker that does not fork."""
    if not on_database():
        from sigap.tasks import rq

        return rq.run_pending(settings.TASK_QUEUES)
    from django_tasks_db.models import DBTaskResult

    worker = _database_worker(["*"], new_worker_id(), batch=True)
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


def _database_worker(queues: list[str], worker_id: str, *, batch: bool):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=queues,
        excluded_queue_names=[],
        interval=0 if batch else 1.0,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )


class Process:
    """One worker process: a thread per queue (so a long bulk file never holds up a report) on
    the database backend, RQ's worker on RQ; the beat in the main thread or beside RQ's."""

    def __init__(self, schedules, queues=None):
        self.schedules = schedules
        self.queues = list(queues or settings.TASK_QUEUES)
        self.stop = threading.Event()
        self.ids = [new_worker_id() for _ in self.queues]

    def run(self) -> None:
        beat(self.ids)  # before any claim: the reaper of another worker must see us alive
        try:
            if on_database():
                self._run_database()
            else:
                self._run_rq()
        finally:
            WorkerBeat.objects.filter(worker_id__in=self.ids).delete()
            connection.close()

    def _run_database(self) -> None:
        workers = [
            _database_worker([q], i, batch=False)
            for q, i in zip(self.queues, self.ids, strict=True)
        ]
        threads = [threading.Thread(target=_serve, args=(w,), daemon=True) for w in workers]

        def shutdown(signum, frame):
            logger.warning(
                "%s: finishing the running tasks, then stopping", signal.strsignal(signum)
            )
            if self.stop.is_set():
                raise SystemExit(1)  # a second signal: stop now; the beat of others requeues
            self.stop.set()
            for worker in workers:
                worker.running = False

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        for thread in threads:
            thread.start()
        while not self.stop.wait(BEAT_S):
            self._beat()
        for thread in threads:
            thread.join()

    def _run_rq(self) -> None:
        from sigap.tasks import rq

        beats = threading.Thread(target=self._beat_until_stopped, daemon=True)
        beats.start()
        try:
            rq.work(self.queues, name=self.ids[0])  # on SIGTERM the running job finishes first
        finally:
            self.stop.set()

    def _beat_until_stopped(self) -> None:
        while not self.stop.wait(BEAT_S):
            self._beat()
        connection.close()

    def _beat(self) -> None:
        try:
            close_old_connections()
            beat_once(self.ids, self.schedules)
        except Exception:  # a worker outlives a passing database error
            logger.exception("the worker's beat failed; trying again")


def _serve(worker) -> None:
    try:
        worker.run()
    finally:
        connection.close()
