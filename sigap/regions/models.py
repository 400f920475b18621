"""The Kemendagri area hierarchy: province → regency/city → kecamatan → desa/kelurahan.

The dotted Kemendagri code is the key (``12.71.12.1003`` = Kelurahan Terjun). Ancestors and
descendants are found by code prefix, so no recursive query is ever needed.
"""

import re
import unicodedata
from collections import defaultdict

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def search_key(name: str) -> str:
    """Lowercase ASCII letters and digits only: 'Ketawang Gede' and 'Ketawanggede' agree."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("", ascii_name.lower())


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency / city")
    DISTRICT = 3, _("Kecamatan")
    VILLAGE = 4, _("Desa / kelurahan")


def prefix_bounds(code: str) -> tuple[str, str]:
    """The half-open code range holding every descendant of ``code``.

    ``'12.71.'`` ≤ descendant < ``'12.71/'`` because '/' sorts right after '.'; a range on the
    primary key uses its index on SQLite and PostgreSQL alike, where LIKE 'x%' may not.
    """
    return f"{code}.", f"{code}/"


def ancestor_codes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


class AreaQuerySet(models.QuerySet):
    def descendants_of(self, code: str, *, include_self: bool = False):
        low, high = prefix_bounds(code)
        query = models.Q(code__gt=low, code__lt=high)
        if include_self:
            query |= models.Q(code=code)
        return self.filter(query)

    def ancestors_of(self, code: str):
        return self.filter(code__in=ancestor_codes(code)).order_by("level")

    def at_level(self, level: int):
        return self.filter(level=level)

    def descendants_counts(self, areas) -> dict[str, dict[int, int]]:
        """For each area, how many descendants it has at each lower level."""
        return _descendant_counts(list(areas))


MANY_SIBLINGS = 8


def _descendant_counts(areas: list["Area"]) -> dict[str, dict[int, int]]:
    """How many descendants each area has at each level: one grouped query per code length.

    The code ranges use the primary key index; grouping by the code's first characters counts
    every child subtree at once instead of one query per area.
    """
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    by_length: dict[int, list[str]] = defaultdict(list)
    for area in areas:
        by_length[len(area.code)].append(area.code)
    parents = {area.parent_id for area in areas}
    for length, codes in by_length.items():
        rows = Area.objects.filter(_subtrees(codes, parents))
        rows = (
            rows.order_by()
            .annotate(prefix=Substr("code", 1, length))
            .values("prefix", "level")
            .annotate(n=Count("code"))
        )
        for row in rows:
            counts[row["prefix"]][row["level"]] = row["n"]
    return counts


def _subtrees(codes: list[str], parents: set[str | None]) -> Q:
    """The descendants of ``codes``: one range over their parent when they are many siblings
    (38 OR'ed ranges over the whole country cost ten times one scan), else a range each."""
    if len(parents) == 1 and len(codes) > MANY_SIBLINGS:
        (parent,) = parents
        if parent is None:
            return Q(level__gt=Level.PROVINCE)
        low, high = prefix_bounds(parent)
        return Q(code__gt=low, code__lt=high)
    query = Q(pk__in=[])
    for code in codes:
        low, high = prefix_bounds(code)
        query |= Q(code__gt=low, code__lt=high)
    return query


class Area(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)
    # Denormalised for the hierarchy browser; the code prefix remains the source of truth.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_constraint=False,
    )
    # Lowercase letters and digits only: what area search compares against.
    search_key = models.CharField(max_length=120, db_index=True, editable=False)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    # GeoJSON geometry (lng, lat order) as text: no GDAL or PostGIS needed.
    geometry = models.TextField(blank=True, default="")

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [
            # PostgreSQL: lets prefix ranges use the index under any collation.
            models.Index(
                fields=["code"], name="area_code_pattern", opclasses=["varchar_pattern_ops"]
            ),
            # The area browser lists the children of one area at one level.
            models.Index(fields=["parent", "name"], name="area_parent_name"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def kind_label(self) -> str:
        """'Kota'/'Kabupaten' names already say it; kelurahan codes start with 1, desa with 2."""
        if self.level == Level.VILLAGE:
            return _("Kelurahan") if self.code.split(".")[-1].startswith("1") else _("Desa")
        if self.level == Level.DISTRICT:
            return _("Kecamatan")
        if self.level == Level.PROVINCE:
            return _("Province")
        return ""

    @property
    def display_name(self) -> str:
        label = self.kind_label
        return f"{label} {self.name}" if label and self.level >= Level.DISTRICT else self.name

    def is_within(self, code: str) -> bool:
        return self.code == code or self.code.startswith(code + ".")

    def ancestors(self):
        return Area.objects.ancestors_of(self.code)

    def descendants(self, *, include_self: bool = False):
        return Area.objects.descendants_of(self.code, include_self=include_self)


class AreaShape(models.Model):
    """An area's outline simplified once, at import, for the web's SVG maps (dashboards'
    choropleths draw hundreds of areas at once; the full outline stays in Area.geometry)."""

    area = models.OneToOneField(
        Area, on_delete=models.CASCADE, primary_key=True, related_name="shape", db_constraint=False
    )
    # GeoJSON geometry (lng, lat order), simplified by boundaries.simplify_geometry.
    geometry = models.TextField()

    def __str__(self) -> str:
        return f"shape {self.area_id}"
