"""Leadership reports: a kota/kabupaten's (or any area's) month, built by a task as a PDF and
an XLSX of the same numbers, and kept for download by those who may see the area."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LeadershipReport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    pdf = models.FileField(upload_to="dashboards/reports/", blank=True)
    xlsx = models.FileField(upload_to="dashboards/reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled = models.BooleanField(default=False)
    failure = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("leadership report")
        verbose_name_plural = _("leadership reports")
        indexes = [
            # The reports page: an area subtree's reports, newest first.
            models.Index(fields=["area", "-created_at"], name="leadership_report_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.period_start}–{self.period_end}"


class MonthlyCount(models.Model):
    """Reports and cases counted per kecamatan (or the coarser area they were filed at) and
    calendar month, by measure and value: the summary that national and city dashboards read
    for whole past months (summaries.py), refreshed by a daily task."""

    month = models.DateField()  # the first day, local time
    area = models.CharField(max_length=13)  # a kecamatan code, or a shorter one filed above
    measure = models.CharField(max_length=16)  # summaries.SOURCES
    key = models.CharField(max_length=64, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # A dashboard sums one measure over a run of months for an area's code range.
            models.Index(fields=["measure", "month", "area"], name="monthly_count_read"),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.area} {self.measure}={self.key}: {self.n}"


class SummaryMonth(models.Model):
    """A month whose MonthlyCount rows are complete, and when they were counted."""

    month = models.DateField(primary_key=True)
    refreshed_at = models.DateTimeField()
    # The highest report and case ids when it was counted: rows above them are read live, so a
    # counted month (the current one included) is still complete (by the primary key's index).
    report_mark = models.BigIntegerField(default=0)
    case_mark = models.BigIntegerField(default=0)
    check_mark = models.BigIntegerField(default=0)  # Cek Lowongan's checks

    def __str__(self) -> str:
        return f"{self.month} @ {self.refreshed_at}"
