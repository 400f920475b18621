"""An HTCDS import too large for a request runs as a task, with a progress bar."""

from django.contrib.auth import get_user_model

from sigap.cases.htcds import importer
from sigap.regions.models import Area
from sigap.tasks import progress, task

IN_REQUEST_ROWS = 1_000  # up to this many rows the import runs in the request


@task(takes_context=True, queue_name="bulk", retries=0)
def htcds_import(
    context, *, stored: str, area: str, source: str, rows: int, skip_duplicates: bool, actor: int
) -> int:
    """Check and import a previewed file kept by ``importer.store_pending`` (all rows or none;
    the file is deleted either way). Not retried: a failure lands in the dead letters and the
    person uploads again. The bar moves while the rows are checked (the first half); the write
    is one transaction, so the second half fills when it commits."""
    total = max(2 * rows, 1)
    try:
        checked = importer.preview(
            importer.read_pending(stored),
            progress=lambda done: progress.report(context, done, total),
        )
        cases = importer.commit(
            actor=get_user_model().objects.get(pk=actor),
            preview=checked,
            area=Area.objects.get(code=area),
            source=source,
            skip_duplicates=skip_duplicates,
        )
    finally:
        importer.drop_pending(stored)
    progress.report(context, total, total)
    return len(cases)
