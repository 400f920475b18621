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
    """Reports, cases, screened posts and condition reports counted per calendar month and
    area, by measure and value: the summary that national, province and city dashboards read
    (summaries.py), refreshed by a daily task. Each month is counted at three grains, the
    area codes' lengths: per province (2), kota/kabupaten (5) and kecamatan (8), so that a
    page reads the rows of the level it shows (the country's page 38 provinces, not 7,000
    kecamatan). A row filed at a coarser area than its grain keeps that area's code."""

    month = models.DateField()  # the first day, local time
    grain = models.PositiveSmallIntegerField(default=8)  # summaries.GRAINS
    area = models.CharField(max_length=13)  # a code of ``grain`` characters, or a shorter one
    measure = models.CharField(max_length=16)  # summaries.SOURCES, summaries.CONDITION_*
    key = models.CharField(max_length=64, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # A dashboard sums its measures at one grain over a run of months for an area's
            # code range: the range leads, so a kota's page reads its own kecamatan's rows,
            # not every kecamatan's of those months.
            models.Index(fields=["grain", "area", "measure", "month"], name="monthly_count_area"),
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
    condition_mark = models.BigIntegerField(default=0)  # condition reports
    # The shape its MonthlyCount rows were written in (summaries.LAYOUT): a month counted in an
    # older one is read live and counted again.
    layout = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.month} @ {self.refreshed_at}"
