"""The refugee task force (Satgas Penanganan Pengungsi Luar Negeri, Perpres 125/2016): where
refugees live and how many, in aggregate only. No record here names or describes one person:
headcounts are counts per nationality, sex and age group, and incidents carry a count and a
category, linking to a report (which keeps its own access rules) for anything more."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskForceMember(models.Model):
    """A person on an area's task force: the only way to see its data (besides superusers)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_forces"
    )
    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(_("agency"), max_length=120)  # Kesbangpol, Imigrasi, IOM, UNHCR…
    is_active = models.BooleanField(_("active"), default=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("task force member")
        verbose_name_plural = _("task force members")
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="taskforce_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.area_id}"


class Site(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY_HOUSING = "community", _("Community housing")
        SHELTER = "shelter", _("Shelter")
        DETENTION = "detention", _("Immigration detention centre")

    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    capacity = models.PositiveIntegerField(_("capacity"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["area", "name"]
        verbose_name = _("refugee site")
        verbose_name_plural = _("refugee sites")

    def __str__(self) -> str:
        return self.name


class AgeGroup(models.TextChoices):
    CHILD = "0-17", _("Children (0–17)")
    ADULT = "18-59", _("Adults (18–59)")
    OLDER = "60+", _("Older people (60+)")


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class Nationality(models.TextChoices):
    """The nationalities the task forces count most (ISO 3166-1 alpha-2), and "other"."""

    AFGHANISTAN = "AF", _("Afghanistan")
    SOMALIA = "SO", _("Somalia")
    MYANMAR = "MM", _("Myanmar")
    SUDAN = "SD", _("Sudan")
    IRAQ = "IQ", _("Iraq")
    PAKISTAN = "PK", _("Pakistan")
    SRI_LANKA = "LK", _("Sri Lanka")
    PALESTINE = "PS", _("Palestine")
    YEMEN = "YE", _("Yemen")
    IRAN = "IR", _("Iran")
    ETHIOPIA = "ET", _("Ethiopia")
    ERITREA = "ER", _("Eritrea")
    OTHER = "XX", _("Other or stateless")


class Headcount(models.Model):
    """How many refugees of one nationality, sex and age group lived in an area (a kota/kabupaten)
    on a count date: one row per combination, never a person."""

    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")
    counted_on = models.DateField(_("counted on"))
    nationality = models.CharField(_("nationality"), max_length=2, choices=Nationality.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("count"))
    source = models.CharField(_("source"), max_length=120, blank=True)  # e.g. UNHCR, Imigrasi

    class Meta:
        ordering = ["-counted_on", "nationality", "sex", "age_group"]
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "counted_on", "nationality", "sex", "age_group"],
                name="headcount_unique_cell",
            )
        ]
        # The city total over time: an area's counts by date.
        indexes = [models.Index(fields=["area", "counted_on"], name="headcount_area_date")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.counted_on} {self.nationality} {self.sex} {self.age_group}"


class Incident(models.Model):
    class Kind(models.TextChoices):
        SMUGGLING = "smuggling", _("People smuggling")
        TRAFFICKING = "trafficking", _("Trafficking")
        MISSING = "missing", _("Missing persons")

    area = models.ForeignKey("regions.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    people = models.PositiveIntegerField(_("people involved"), default=1)
    # What the task force needs to know, without names: the report holds the rest.
    summary = models.CharField(_("summary (no names)"), max_length=300)
    report = models.ForeignKey(
        "cases.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"
