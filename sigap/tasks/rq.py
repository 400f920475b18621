"""The RQ side of the worker (SIGAP_TASKS_BACKEND=rq): RQ's own worker and registries.

RQ notices a job whose worker died once the job's execution heartbeat expires:
``StartedJobRegistry.cleanup`` moves it to the failed jobs as abandoned. The beat runs that
cleanup and puts abandoned jobs back in their queue, so a killed RQ worker loses nothing either.
RQ's heartbeat outlives its worker by a minute at least; ours by ``3 × SIGAP_RQ_HEARTBEAT_S``.
"""

import logging
import time

import django_rq
from django.conf import settings
from django_tasks_rq.backend import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.worker import SimpleWorker
from rq.worker import Worker as RQWorker

logger = logging.getLogger(__name__)

ABANDONED = "AbandonedJobError"


class _StopsListeningAtOnce:
    def unsubscribe(self) -> None:
        # RQ unsubscribes, then stops its listening thread; redis-py 8's stop() waits for the
        # thread, which, having read the unsubscription first, was waiting out RQ's 60 s poll:
        # every worker took a minute to stop. Told to stop first, it ends on that message.
        if self.pubsub_thread:
            self.pubsub_thread.stop(timeout=0)
        super().unsubscribe()


class Worker(_StopsListeningAtOnce, RQWorker):
    """RQ's forking worker whose running job's heartbeat lasts three beats, not a beat plus a
    minute: a job whose worker was killed is found (and put back) within seconds."""

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        return 3 * self.job_monitoring_interval


class InProcessWorker(_StopsListeningAtOnce, SimpleWorker):
    pass


def work(queues, name: str | None = None) -> None:
    """Run RQ's worker on ``queues`` with its scheduler (retries wait in it), until SIGTERM:
    the running job finishes first."""
    worker = django_rq.get_worker(
        *queues,
        job_class=Job,
        worker_class=Worker,
        name=name,
        job_monitoring_interval=settings.SIGAP_RQ_HEARTBEAT_S,
    )
    worker.work(with_scheduler=True, logging_level="WARNING")


def run_pending(queues) -> int:
    """Run what is queued now in this process (RQ's SimpleWorker: no fork), retries that are
    due included, until nothing is left; return how many jobs ran."""
    worker = django_rq.get_worker(*queues, job_class=Job, worker_class=InProcessWorker)
    start = previous = _finished(worker.queues)
    while True:
        _enqueue_due_retries(worker.queues)
        worker.work(burst=True, logging_level="WARNING")
        now = _finished(worker.queues)
        if now == previous:
            return now - start
        previous = now


def _finished(queues) -> int:
    return sum(q.finished_job_registry.count + q.failed_job_registry.count for q in queues)


def _enqueue_due_retries(queues) -> None:
    for queue in queues:
        registry = ScheduledJobRegistry(queue=queue)
        for job_id in registry.get_jobs_to_schedule(time.time()):
            queue.enqueue_job(Job.fetch(job_id, connection=queue.connection))
            registry.remove(job_id)


def requeue_abandoned(queues=None) -> int:
    """Put back in their queues the jobs whose worker stopped mid-job (RQ calls them abandoned:
    their heartbeat expired); return how many. As on the database backend a job may thus run
    twice, so tasks are safe to repeat."""
    requeued = 0
    names = queues or settings.TASK_QUEUES
    for queue in django_rq.queues.get_queues(*names, job_class=Job):
        StartedJobRegistry(queue=queue).cleanup()
        failed = FailedJobRegistry(queue=queue)
        for job_id in failed.get_job_ids():
            job = Job.fetch(job_id, connection=queue.connection)
            result = job.latest_result()
            if result is not None and ABANDONED in (result.exc_string or ""):
                failed.requeue(job_id)
                requeued += 1
                logger.warning("job %s put back in the queue: its worker stopped", job_id)
    return requeued
