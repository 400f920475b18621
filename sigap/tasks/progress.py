"""Progress of a long task, for a progress bar: the task reports, a page polls.

A task that takes its context (``@task(takes_context=True)``) calls
``progress.report(context, done, total)`` now and then (after each batch, not each item); a
page includes ``tasks/progress.html`` with the task's result id, which polls
``/tugas/<result id>/kemajuan/`` every two seconds until the bar is full.
"""

from django.utils import timezone

from sigap.tasks.models import TaskProgress


def report(context, done: int, total: int) -> None:
    result = context.task_result
    TaskProgress.objects.update_or_create(
        result_id=str(result.id),
        defaults={
            "task_path": result.task.module_path,
            "done": done,
            "total": total,
            "updated_at": timezone.now(),
        },
    )


def of(result_id: str) -> TaskProgress | None:
    return TaskProgress.objects.filter(result_id=result_id).first()
