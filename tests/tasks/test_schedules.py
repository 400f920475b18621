"""Schedules (sigap/schedules.py): declared once, due once per period, enqueued once."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from sigap.schedules import SCHEDULES, Schedule
from sigap.tasks.models import ScheduleRun
from sigap.tasks.schedule import enqueue_due, period_label, period_start
from sigap.tasks.worker import run_pending

HOURLY = Schedule(name="t-hour", task="tests.tasks.sample.scheduled", every="hour")
MORNING = Schedule(
    name="t-day", task="tests.tasks.sample.scheduled", every="day", after=timedelta(hours=7)
)


def jakarta(*args) -> datetime:
    """A Jakarta wall-clock time (UTC+7), as an aware UTC datetime."""
    return datetime(*args, tzinfo=UTC) - timedelta(hours=7)


@pytest.mark.parametrize("schedule", SCHEDULES, ids=lambda s: s.name)
def test_every_declared_schedule_names_a_task_and_a_unique_name(schedule):
    assert isinstance(import_string(schedule.task), Task)
    assert [s.name for s in SCHEDULES].count(schedule.name) == 1


def test_periods_start_where_the_calendar_says():
    from django.utils import timezone

    now = timezone.localtime(jakarta(2026, 12, 10, 13, 45))  # a Thursday
    assert period_label("hour", period_start("hour", now)) == "2026-12-10T13"
    assert period_label("day", period_start("day", now)) == "2026-12-10"
    assert period_label("week", period_start("week", now)) == "2026-12-07"
    assert period_label("month", period_start("month", now)) == "2026-12-01"
    with pytest.raises(ValueError):
        Schedule(name="x", task="y", every="fortnight")


def test_a_schedule_is_enqueued_once_per_period_after_its_hour(db, tmp_path, monkeypatch):
    monkeypatch.setenv("SIGAP_TEST_SCHEDULE_LOG", str(tmp_path / "log"))
    assert enqueue_due([MORNING], now=jakarta(2026, 12, 10, 6, 59)) == []
    assert enqueue_due([MORNING], now=jakarta(2026, 12, 10, 7, 0)) == ["t-day:2026-12-10"]
    assert enqueue_due([MORNING], now=jakarta(2026, 12, 10, 23, 0)) == []  # a restart, a twin
    assert enqueue_due([MORNING], now=jakarta(2026, 12, 11, 7, 30)) == ["t-day:2026-12-11"]
    assert run_pending() == 2
    assert (tmp_path / "log").read_text().split() == ["2026-12-10", "2026-12-11"]
    assert ScheduleRun.objects.count() == 2 and DBTaskResult.objects.count() == 2


def test_two_workers_racing_for_one_period_enqueue_it_once(db, monkeypatch):
    """The second worker's beat reads no key yet (it looked before the first committed) and
    tries to write the same key: the unique row refuses it and nothing is enqueued twice."""
    now = jakarta(2026, 12, 10, 13, 5)
    assert enqueue_due([HOURLY], now=now) == ["t-hour:2026-12-10T13"]
    real_filter = ScheduleRun.objects.filter
    monkeypatch.setattr(ScheduleRun.objects, "filter", lambda **kw: real_filter(pk=-1))
    assert enqueue_due([HOURLY], now=now) == []
    assert DBTaskResult.objects.count() == 1
