"""Writes of the task force: a count date's headcount, cell by cell."""

from datetime import date

from django.db import transaction

from sigap.people.audit import audit_record
from sigap.refugees.models import Headcount
from sigap.regions.models import Area


@transaction.atomic
def headcount_record(*, actor, area: Area, counted_on: date, cells: dict, source: str = "") -> int:
    """Store the count of each (nationality, sex, age group) cell for ``counted_on``,
    replacing that date's earlier figures for the area (a correction is a new entry of the whole
    date). Empty cells are not stored. The caller has checked that ``actor`` is on the area's
    task force. Returns the total."""
    Headcount.objects.filter(area=area, counted_on=counted_on).delete()
    rows = [
        Headcount(
            area=area,
            counted_on=counted_on,
            nationality=nationality,
            sex=sex,
            age_group=age,
            count=n,
            source=source,
        )
        for (nationality, sex, age), n in cells.items()
        if n
    ]
    Headcount.objects.bulk_create(rows)
    total = sum(row.count for row in rows)
    audit_record(
        actor=actor,
        action="refugees.headcount",
        object_type="area",
        object_id=area.code,
        area_code=area.code,
        detail={"counted_on": counted_on.isoformat(), "total": total},
    )
    return total
