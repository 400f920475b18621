"""Writes: recording a check, creating a bulk job, and its task's start, run and failure."""

import logging
import tempfile
from collections import Counter

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from sigap import screening
from sigap.jobcheck import bulk
from sigap.jobcheck.models import BulkJob, Channel, Check, CheckFlag, JobStatus

logger = logging.getLogger(__name__)

BATCH = 256  # posts screened together; progress is saved after each batch
MAX_ERRORS_KEPT = 200  # bad lines listed on the job page; the count covers them all


def check_screen(*, text: str, channel: str = "", url: str = "", country: str = "", source: str):
    """Screen one post and record the result's summary (level, score, flags, ruleset version,
    channel). The text, the URL and the country are never stored."""
    channel = channel if channel in Channel.values else (Channel.OTHER if channel else "")
    result = screening.screen(
        text, channel=channel or None, url=url or None, country=(country or None)
    )
    _check_record(result, channel=channel, source=source)
    return result


@transaction.atomic
def _check_record(result, *, channel: str, source: str) -> Check:
    now = timezone.now()
    row = Check.objects.create(
        level=result.level,
        score=result.score,
        ruleset_version=result.ruleset_version[:32],
        channel=channel,
        source=source,
        created_at=now,
    )
    flags = dict.fromkeys(result.flags)  # a flag counts once per check
    CheckFlag.objects.bulk_create(
        [CheckFlag(check_row=row, flag=flag[:40], created_at=now) for flag in flags]
    )
    return row


@transaction.atomic
def bulk_job_create(*, owner, upload, fmt: str, total: int) -> tuple[BulkJob, str]:
    """A pending job with its input file saved to MEDIA storage, and its task
    (``jobcheck.tasks.bulk_job_screen``, on the ``bulk`` queue); returns the job and the task
    result's id (its progress bar's). The task is enqueued inside the transaction: on the
    database backend it commits with the job or not at all; on RQ a worker quicker than the
    commit finds no job yet and the task is retried."""
    from sigap.jobcheck.tasks import bulk_job_screen

    job = BulkJob.objects.create(owner=owner, name=upload.name[:200], format=fmt, total=total)
    upload.seek(0)
    job.input_file.save(f"{job.pk}.{fmt}", upload, save=True)
    return job, str(bulk_job_screen.enqueue(job.pk).id)


def bulk_job_start(job_id: int) -> BulkJob | None:
    """Mark the job running and return it; None when it is done or failed already. A job left
    running by a worker that was killed is started again from the first record (its task was
    put back in the queue). Raises ``BulkJob.DoesNotExist`` if there is no such job (yet)."""
    job = BulkJob.objects.get(pk=job_id)
    if job.status not in (JobStatus.PENDING, JobStatus.RUNNING):
        return None
    now = timezone.now()
    BulkJob.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    job.refresh_from_db()
    return job


def bulk_job_run(job: BulkJob, *, report=None) -> BulkJob:
    """Screen every record of a claimed job, save progress after each batch (and tell
    ``report(done, total)``, the task's progress bar), write the result file to MEDIA storage
    and mark the job done; on any error mark it failed with the error. Either way the bar is
    full at the end: the task is over, and the job page says how it ended."""
    report = report or (lambda done, total: None)
    try:
        _run(job, report)
    except Exception as exc:
        logger.exception("bulk job %s failed", job.pk)
        BulkJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            failure=f"{type(exc).__name__}: {exc}"[:1000],
        )
        _drop_input(job)
    job.refresh_from_db()
    report(max(job.total, 1), max(job.total, 1))
    return job


def _run(job: BulkJob, report) -> None:
    progress = _Progress(job, report)
    with job.input_file.open("rb") as fin, tempfile.TemporaryFile("w+b") as tmp:
        out = _TextOut(tmp)
        writer = bulk.ResultWriter(out, job.format)
        batch: list[bulk.Record] = []
        budget = bulk.Budget()
        for record in bulk.read_records(fin, job.format):
            if not record.problem and budget.over():
                record = budget.unscreened(record)
            if record.problem:
                progress.bad(record)
            else:
                batch.append(record)
            if len(batch) >= BATCH:
                progress.screened(_screen_batch(batch, writer))
        progress.screened(_screen_batch(batch, writer))
        out.flush()
        tmp.seek(0)
        name = default_storage.save(f"jobcheck/out/{job.pk}-result.{job.format}", File(tmp))
    _finish(job, name, progress)


def _screen_batch(batch: list[bulk.Record], writer: bulk.ResultWriter) -> list[tuple[int, str]]:
    results = screening.screen_many([r.text for r in batch], batch_size=max(1, len(batch)))
    done = []
    for record, result in zip(batch, results, strict=True):
        writer.write(record.ident, result)
        done.append((record.line, result.level))
    batch.clear()
    return done


class _TextOut:
    """A text view of the binary temporary file (UTF-8, CSV-friendly newlines)."""

    def __init__(self, binary):
        self.binary = binary

    def write(self, text: str) -> int:
        return self.binary.write(text.encode("utf-8"))

    def flush(self) -> None:
        self.binary.flush()


class _Progress:
    """Counts and saves progress: one UPDATE per batch, not per line."""

    def __init__(self, job: BulkJob, report):
        self.job_id, self.total, self.report = job.pk, job.total, report
        self.processed = self.screened_count = 0
        self.errors: list[list] = []
        self.error_count = 0
        self.levels: Counter[str] = Counter()

    def bad(self, record: bulk.Record) -> None:
        self.processed += 1
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append([record.line, record.problem])

    def screened(self, done: list[tuple[int, str]]) -> None:
        self.processed += len(done)
        self.screened_count += len(done)
        self.levels.update(level for _line, level in done)
        if done:
            BulkJob.objects.filter(pk=self.job_id).update(**self.fields())
            self.report(self.processed, max(self.total, self.processed))

    def fields(self) -> dict:
        return {
            "processed": self.processed,
            "screened": self.screened_count,
            "error_count": self.error_count,
            "errors": self.errors,
            "levels": dict(self.levels),
            "heartbeat_at": timezone.now(),
        }


def _finish(job: BulkJob, result_name: str, progress: _Progress) -> None:
    BulkJob.objects.filter(pk=job.pk).update(
        **progress.fields(),
        total=max(job.total, progress.processed),
        status=JobStatus.DONE,
        result_file=result_name,
        finished_at=timezone.now(),
    )
    _drop_input(job)


def _drop_input(job: BulkJob) -> None:
    # The posts themselves are not kept once screened; only the results are.
    if job.input_file.name:
        default_storage.delete(job.input_file.name)
        BulkJob.objects.filter(pk=job.pk).update(input_file="")
