"""The RQ side of the worker (SIGAP_TASKS_BACKEND=rq): RQ's own worker and registries.

RQ notices a job whose worker died once the job's execution heartbeat expires (a minute or so):
``StartedJobRegistry.cleanup`` moves it to the failed jobs as abandoned. The beat runs that
cleanup and puts abandoned jobs back in their queue, so a killed RQ worker loses nothing either.
"""

import logging

import django_rq
from django_tasks_rq.backend import Job
from rq.registry import FailedJobRegistry, StartedJobRegistry

logger = logging.getLogger(__name__)

ABANDONED = "AbandonedJobError"


def work(queues, *, burst: bool = False) -> int:
    """Run RQ's worker on ``queues`` with its scheduler (retries wait in it), until SIGTERM
    (the running job finishes first) or, with ``burst``, until the queues are empty; return
    how many jobs it ran."""
    worker = django_rq.get_worker(*queues, job_class=Job)
    worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")
    return worker.successful_job_count + worker.failed_job_count


def requeue_abandoned(queues=None) -> int:
    requeued = 0
    for queue in django_rq.get_queues(*(queues or django_rq.settings.QUEUES), job_class=Job):
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
