"""The administrators' list of failed tasks (the dead letters) and a task's progress bar."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sigap.people.audit import audit_record
from sigap.tasks import actions, progress
from sigap.tasks.models import DeadLetter


def _require_administrator(user) -> None:
    # Tracebacks may quote what a task handled: superusers only (fails closed).
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied


def failed_list(request):
    _require_administrator(request.user)
    letters = DeadLetter.objects.waiting()[:200]
    return render(request, "tasks/failed.html", {"letters": letters})


def failed_detail(request, pk: int):
    _require_administrator(request.user)
    letter = get_object_or_404(DeadLetter, pk=pk)
    return render(request, "tasks/failed_detail.html", {"letter": letter})


@require_POST
def failed_retry(request, pk: int):
    _require_administrator(request.user)
    letter = get_object_or_404(DeadLetter, pk=pk)
    if actions.dead_letter_retry(letter_id=letter.pk):
        audit_record(actor=request.user, action="task.retry", object_type="deadletter",
                     object_id=letter.pk, detail={"task": letter.task_path})  # fmt: skip
        messages.success(request, _("The task was queued again."))
    return redirect("tasks:failed")


@never_cache
def progress_bar(request, result_id: str):
    """The bar alone, for htmx to swap in; the numbers say nothing about anyone. A full bar
    stops polling and tells the page (the ``sigap-task-done`` event), which may then show the
    task's outcome."""
    found = progress.of(result_id)
    response = render(request, "tasks/progress.html", {"progress": found, "result_id": result_id})
    if found and found.percent >= 100:
        response["HX-Trigger"] = "sigap-task-done"
    return response
