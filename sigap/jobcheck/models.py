"""Stored checks (a summary, never the pasted text) and bulk screening jobs.

Why no text: residents paste posts that may carry their own name, number or messages; the
aggregates only need the level and the flags (docs/decisions/0005-jobcheck-storage.md).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    HIGH = "tinggi", _("High risk")
    MEDIUM = "sedang", _("Medium risk")
    LOW = "rendah", _("Low risk")


class Channel(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    PAGE = "page", _("Cek Lowongan page")
    API = "api", _("API")
    MESSAGE = "message", _("Message (WhatsApp, Telegram, SMS)")


class CheckQuerySet(models.QuerySet):
    def since_weeks(self, weeks: int):
        return self.filter(created_at__gte=timezone.now() - timedelta(weeks=weeks))

    def weekly_by_level(self):
        """[{week, level, n}]: one GROUP BY over the created_at index."""
        return (
            self.annotate(week=TruncWeek("created_at"))
            .values("week", "level")
            .annotate(n=Count("id"))
            .order_by("week", "level")
        )


class Check(models.Model):
    """One screening from the page or the API: what the engine said, not what was pasted."""

    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    ruleset_version = models.CharField(_("ruleset version"), max_length=32)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        # The weekly aggregates filter on created_at.
        indexes = [models.Index(fields=["created_at"], name="jobcheck_check_created")]

    def __str__(self) -> str:
        return f"{self.level} {self.score} · {self.created_at:%Y-%m-%d}"


class CheckFlagQuerySet(models.QuerySet):
    def since_weeks(self, weeks: int):
        return self.filter(created_at__gte=timezone.now() - timedelta(weeks=weeks))

    def weekly_by_flag(self):
        return (
            self.annotate(week=TruncWeek("created_at"))
            .values("week", "flag")
            .annotate(n=Count("id"))
            .order_by("week", "flag")
        )


class CheckFlag(models.Model):
    """A flag that fired in a check, one row each, so flags can be counted in the database."""

    check_row = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="flags")
    flag = models.CharField(max_length=40)
    # Copied from the check so the weekly count needs no join.
    created_at = models.DateTimeField(default=timezone.now)

    objects = CheckFlagQuerySet.as_manager()

    class Meta:
        # The weekly flag counts filter on created_at.
        indexes = [models.Index(fields=["created_at"], name="jobcheck_flag_created")]

    def __str__(self) -> str:
        return self.flag


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BulkJobQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def pending(self):
        # The worker's claim reads the oldest pending job: the (status, created_at) index.
        return self.filter(status=JobStatus.PENDING).order_by("created_at", "id")

    def stale(self, minutes: int):
        """Running jobs whose worker has not reported for ``minutes``: it has died."""
        since = timezone.now() - timedelta(minutes=minutes)
        return self.filter(status=JobStatus.RUNNING, heartbeat_at__lt=since)


class BulkJob(models.Model):
    """A file of posts screened in the background by ``manage.py run_worker``."""

    FORMATS = [("jsonl", "JSONL"), ("csv", "CSV")]

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=8, choices=FORMATS)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    input_file = models.FileField(_("input file"), upload_to="jobcheck/in/", blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobcheck/out/", blank=True)
    total = models.PositiveIntegerField(_("records"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    screened = models.PositiveIntegerField(_("screened"), default=0)
    error_count = models.PositiveIntegerField(_("bad records"), default=0)
    errors = models.JSONField(_("bad records"), default=list, blank=True)  # [[line, problem]]
    levels = models.JSONField(_("levels"), default=dict, blank=True)  # {"tinggi": n, ...}
    failure = models.TextField(_("failure"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = BulkJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulk screening job")
        verbose_name_plural = _("bulk screening jobs")
        indexes = [
            # The worker's claim: the oldest pending job.
            models.Index(fields=["status", "created_at"], name="jobcheck_job_status"),
            # A user's own jobs, newest first.
            models.Index(fields=["owner", "-created_at"], name="jobcheck_job_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.PENDING, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))
