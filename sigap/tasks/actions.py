"""The administrators' writes on background work: running a failed task again."""

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from sigap.tasks.models import DeadLetter


@transaction.atomic
def dead_letter_retry(*, letter_id: int) -> str | None:
    """Enqueue a failed task again with its arguments, from its first attempt, and mark its
    dead letter retried (it leaves the list). Returns the new task's result id; None if the
    letter was retried already (two clicks enqueue once)."""
    letter = DeadLetter.objects.select_for_update().filter(pk=letter_id).first()
    if letter is None or letter.retried_at is not None:
        return None
    letter.retried_at = timezone.now()
    letter.save(update_fields=["retried_at"])
    result = import_string(letter.task_path).enqueue(*letter.args, **letter.kwargs)
    return str(result.id)
