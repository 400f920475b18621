"""What SIGAP adds to a tasks backend: the dead-letter list, once-per-period schedule keys,
worker heartbeats and progress. Every backend (database or RQ) shares these tables."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeadLetterQuerySet(models.QuerySet):
    def waiting(self):
        """Failed for good and not yet retried: the administrators' list."""
        return self.filter(retried_at__isnull=True)


class DeadLetter(models.Model):
    """A task that failed on its last attempt. Its arguments are ids and codes, never personal
    data (style.md 7), so they may be kept and shown to administrators."""

    task_path = models.CharField(_("task"), max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    error = models.CharField(_("error"), max_length=300)
    traceback = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(_("attempts"))
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)
    retried_at = models.DateTimeField(_("retried at"), null=True, blank=True)

    objects = DeadLetterQuerySet.as_manager()

    class Meta:
        ordering = ["-failed_at", "-pk"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self):
        return f"{self.task_path} ({self.error})"


class ScheduleRun(models.Model):
    """One row per schedule and period (sigap/schedules.py): the unique key is what makes a
    schedule run once per period whatever the number of workers."""

    key = models.CharField(max_length=200, unique=True)
    enqueued_at = models.DateTimeField(default=timezone.now)
    result_id = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.key


class WorkerBeat(models.Model):
    """A running worker says it is alive every few seconds; a database-backend task claimed by
    a worker whose beat stopped is put back in the queue (a killed worker loses nothing)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.worker_id


class TaskProgress(models.Model):
    """How far a long task has come (bulk screening, imports, reports), for a progress bar."""

    result_id = models.CharField(max_length=64, primary_key=True)
    task_path = models.CharField(max_length=200)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.task_path}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return min(100, 100 * self.done // self.total) if self.total else 0
