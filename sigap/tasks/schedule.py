"""Enqueue the schedules of ``sigap/schedules.py`` that are due, each once per period."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from sigap.tasks.models import ScheduleRun


def period_start(every: str, now: datetime) -> datetime:
    """The start of the ``every`` period (hour, day, week from Monday, month) holding ``now``
    (an aware datetime, in the zone whose calendar counts)."""
    start = now.replace(minute=0, second=0, microsecond=0)
    if every == "hour":
        return start
    start = start.replace(hour=0)
    if every == "week":
        return start - timedelta(days=start.weekday())
    if every == "month":
        return start.replace(day=1)
    return start


def period_label(every: str, start: datetime) -> str:
    """What a scheduled task receives as ``period``: ``2026-12-04T13`` for an hour, else the
    date the period starts (``2026-12-04``, a Monday for a week, the 1st for a month)."""
    return start.strftime("%Y-%m-%dT%H") if every == "hour" else start.date().isoformat()


def enqueue_due(schedules, now: datetime | None = None) -> list[str]:
    """Enqueue every schedule of ``schedules`` (``sigap.schedules.SCHEDULES``) that is due and
    not yet enqueued for its current period; return the keys enqueued. Safe from any number of
    workers at once: the key's unique row is written in the same transaction as the task (on
    the database backend), so only one worker wins."""
    local = timezone.localtime(now or timezone.now())
    enqueued = []
    for schedule in schedules:
        start = period_start(schedule.every, local)
        if local < start + schedule.after:
            continue
        label = period_label(schedule.every, start)
        key = f"{schedule.name}:{label}"
        if ScheduleRun.objects.filter(key=key).exists():
            continue
        if _enqueue_once(key, schedule.task, label):
            enqueued.append(key)
    return enqueued


def _enqueue_once(key: str, task_path: str, label: str) -> bool:
    with transaction.atomic():
        run, created = ScheduleRun.objects.get_or_create(key=key)
        if not created:
            return False
        result = import_string(task_path).enqueue(period=label)
        run.result_id = str(result.id)
        run.save(update_fields=["result_id"])
    return True
