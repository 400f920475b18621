"""Cek Lowongan's background work: screening an uploaded file of posts."""

from sigap.jobcheck import actions
from sigap.tasks import task


@task(queue_name="bulk", retries=3, backoff_s=5)
def bulk_job_screen(job_id: int) -> str:
    """Screen a bulk job's file (``actions.bulk_job_run``: progress saved after each batch,
    shown as the job page's progress bar). Its own errors mark the job failed; a job already
    done or failed is left alone, so the task is safe to repeat."""
    job = actions.bulk_job_start(job_id)
    if job is None:
        return "finished already"
    return actions.bulk_job_run(job).status
