"""Cek Lowongan's background work: screening an uploaded file of posts."""

from sigap.jobcheck import actions
from sigap.tasks import progress, task


@task(takes_context=True, queue_name="bulk", retries=3, backoff_s=5)
def bulk_job_screen(context, job_id: int) -> str:
    """Screen a bulk job's file (``actions.bulk_job_run``: progress saved after each batch and
    reported to the task's progress bar, ``sigap.tasks.progress``, that the job page shows).
    Its own errors mark the job failed; a job already done or failed is left alone, so the
    task is safe to repeat."""
    job = actions.bulk_job_start(job_id)
    if job is None:
        progress.report(context, 1, 1)
        return "finished already"
    reported = actions.bulk_job_run(
        job, report=lambda done, total: progress.report(context, done, total)
    )
    return reported.status
