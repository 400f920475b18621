"""``/tasks/failed``: the administrators' list of failed background tasks, and running one
again (the same as the page /tugas/gagal/). Superusers only."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from sigap.tasks import actions
from sigap.tasks.models import DeadLetter

router = Router(tags=["tasks"])


class FailedTaskOut(Schema):
    id: int
    task: str
    error: str
    attempts: int
    failed_at: datetime
    args: list
    kwargs: dict

    @staticmethod
    def resolve_task(letter):
        return letter.task_path


class RetryOut(Schema):
    queued: bool
    result_id: str | None


def _require_administrator(user) -> None:
    if not (user.is_active and user.is_superuser):
        raise HttpError(403, _("Only administrators see failed tasks."))


@router.get("/tasks/failed", response=list[FailedTaskOut], summary="Failed tasks")
def failed_task_list(request):
    """Tasks that failed on every attempt and were not run again, newest first."""
    _require_administrator(request.auth)
    return DeadLetter.objects.waiting()[:200]


@router.post(
    "/tasks/failed/{letter_id}/retry", response=RetryOut, summary="Run a failed task again"
)
def failed_task_retry(request, letter_id: int):
    _require_administrator(request.auth)
    if not DeadLetter.objects.filter(pk=letter_id).exists():
        raise HttpError(404, _("No such failed task."))
    result_id = actions.dead_letter_retry(letter_id=letter_id)
    return {"queued": result_id is not None, "result_id": result_id}
