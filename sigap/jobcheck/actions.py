"""Writes: recording a check, creating a bulk job, and the worker's claim, run and failure."""

import logging
import tempfile
from collections import Counter

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from sigap import screening
from sigap.jobcheck import bulk
from sigap.jobcheck.models import BulkJob, Channel, Check, CheckFlag, JobStatus

logger = logging.getLogger(__name__)

BATCH = 256  # posts screened together; progress is saved after each batch
MAX_ERRORS_KEPT = 200  # bad lines listed on the job page; the count covers them all
STALE_MINUTES = 10  # a running job with no progress for this long has lost its worker


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
def bulk_job_create(*, owner, upload, fmt: str, total: int) -> BulkJob:
    """A pending job with its input file saved to MEDIA storage; the worker picks it up."""
    job = BulkJob.objects.create(owner=owner, name=upload.name[:200], format=fmt, total=total)
    upload.seek(0)
    job.input_file.save(f"{job.pk}.{fmt}", upload, save=True)
    return job


def bulk_job_claim() -> BulkJob | None:
    """Mark the oldest pending job running and return it; None when there is none.

    Two workers never claim the same job: PostgreSQL locks the row and skips locked ones;
    SQLite (one writer at a time) only lets the UPDATE that still sees "pending" win.
    """
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            job = BulkJob.objects.pending().select_for_update(skip_locked=True).first()
            if job is not None:
                _mark_running(BulkJob.objects.filter(pk=job.pk))
                return BulkJob.objects.get(pk=job.pk)
            return None
    for job_id in BulkJob.objects.pending().values_list("id", flat=True)[:10]:
        if _mark_running(BulkJob.objects.filter(pk=job_id, status=JobStatus.PENDING)):
            return BulkJob.objects.get(pk=job_id)
    return None


def _mark_running(queryset) -> int:
    now = timezone.now()
    return queryset.update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)


def bulk_jobs_fail_stale() -> int:
    """Jobs whose worker died mid-run (no progress for STALE_MINUTES) are marked failed."""
    return BulkJob.objects.stale(STALE_MINUTES).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        failure=gettext_noop("The worker stopped while screening this file. Upload it again."),
    )


def bulk_job_run(job: BulkJob) -> BulkJob:
    """Screen every record of a claimed job, save progress after each batch, write the result
    file to MEDIA storage and mark the job done; on any error mark it failed with the error."""
    try:
        _run(job)
    except Exception as exc:
        logger.exception("bulk job %s failed", job.pk)
        BulkJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            failure=f"{type(exc).__name__}: {exc}"[:1000],
        )
        _drop_input(job)
    job.refresh_from_db()
    return job


def _run(job: BulkJob) -> None:
    progress = _Progress(job)
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

    def __init__(self, job: BulkJob):
        self.job_id = job.pk
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
