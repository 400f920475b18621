"""Early-warning alerts: what the engine (sigap.warning) found, kept so that people can act.

An alert holds numbers, codes and record ids only (no names, numbers or narratives): the
evidence sentence is written from them when it is shown, in the reader's language.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    SPIKE = "spike", _("Spike")
    NETWORK = "network", _("Recruiter network")
    CONDITION_MISSING = "condition_missing", _("Condition report missing")
    REFERRAL_OVERDUE = "referral_overdue", _("Referral overdue")
    PACT_BEHIND = "pact_behind", _("Pact commitment behind")
    UNCOVERED = "uncovered", _("High risk, no ambassador")


class Severity(models.TextChoices):
    LOW = "rendah", _("Low")
    MEDIUM = "sedang", _("Medium")
    HIGH = "tinggi", _("High")


SEVERITY_ORDER = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


class Status(models.TextChoices):
    NEW = "baru", _("New")
    ACTING = "ditindaklanjuti", _("Being acted on")
    DONE = "selesai", _("Done")
    DISMISSED = "diabaikan", _("Dismissed")


OPEN_STATUSES = (Status.NEW, Status.ACTING)


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Alert(models.Model):
    # Empty for the whole country (a network across provinces, screened posts).
    area = models.ForeignKey(
        "regions.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What is counted (spikes: "reports", "posts_high") or which cluster (networks): one open
    # alert per area, kind and key.
    key = models.CharField(max_length=64, blank=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    # The engine's numbers: {"observed": 7, "expected": 2.1, "threshold": 5.4, ...}.
    facts = models.JSONField(default=dict)
    counts = models.JSONField(default=list)  # the last 12 periods, for the sparkline
    records = models.JSONField(default=list)  # [[kind, id, area code], ...]
    edges = models.JSONField(default=list)  # networks: [[identifier, masked label, record], ...]
    cutoff = models.DateTimeField(_("data up to"))
    first_seen_at = models.DateTimeField(_("first seen"))
    times_seen = models.PositiveIntegerField(default=1)
    acted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-cutoff", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "key"],
                condition=Q(status__in=OPEN_STATUSES),
                name="alert_one_open_per_area_kind",
            ),
        ]
        indexes = [
            # Alert lists and the dashboard's open alerts: an area subtree's alerts by status.
            models.Index(fields=["area", "status"], name="alert_area_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"P-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class WeeklyCount(models.Model):
    """Reports per kecamatan and week (its Monday, local time): the run reads these rows instead
    of grouping every report again. Each run recounts the newest weeks and any week not counted
    yet (``sigap.alerts.feed.refresh_weekly_counts``); older weeks are final."""

    week = models.DateField()
    kecamatan = models.CharField(max_length=8)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # One row per week and kecamatan; its index serves the run's read by week range.
            models.UniqueConstraint(fields=["week", "kecamatan"], name="weeklycount_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kecamatan} {self.week}: {self.n}"
