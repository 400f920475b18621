"""Summary counts for whole past months, so that a national or city dashboard sums a few
thousand rows instead of grouping millions of reports.

``MonthlyCount`` holds, per calendar month and kecamatan, the counts of reports by triage
decision and recruitment channel and of cases by status, exploitation type and destination.
A dashboard of the country, a province or a kota/kabupaten reads the months that lie wholly
inside its period (the current one too) and have been counted (``SummaryMonth``) from here,
plus the rows added since each was counted (ids above its marks, by the primary key's index);
the rest of the period (a partial first month) from the live tables; a kecamatan or kelurahan
dashboard always reads live. ``refresh`` recounts months; the daily task recounts this month
and the last two (decisions and statuses change after the month) and any month not counted.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import CharField, Count, Q, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone

from sigap.cases import choices as c
from sigap.cases.models import Case, Report
from sigap.dashboards.models import MonthlyCount, SummaryMonth
from sigap.jobcheck.models import Check
from sigap.regions.models import prefix_bounds

KECAMATAN_LENGTH = 8  # "12.71.12"
SUMMARISED_UP_TO = 5  # codes this long or shorter (country, province, kota) read summaries

# measure -> (model, field, choices of a JSON list field or None for a plain field)
SOURCES = {
    "report_decision": (Report, "decision", None),
    "report_app": (Report, "recruitment_apps", c.RecruitmentApp),
    "case_status": (Case, "status", None),
    "case_type": (Case, "exploitation_types", c.ExploitationType),
    "case_dest": (Case, "destination_country", None),
    # Checks keep no area: counted under "" (the country's figure).
    "check_level": (Check, "level", None),
}
MARKS = {Report: "report_mark", Case: "case_mark", Check: "check_mark"}


@dataclass(frozen=True)
class Split:
    """How a period is read: ``live`` date ranges from the tables; ``months`` (first, last)
    from the summary, plus their rows added since they were counted (``marks``: per month,
    the highest report and case ids counted)."""

    live: list[tuple[date, date]]
    months: tuple[date, date] | None = None
    as_of: object = None  # when the oldest summarised month was counted
    marks: tuple = ()  # ((month, {model: highest id counted}), ...)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def split(code: str | None, start: date, end: date, today: date | None = None) -> Split:
    """Months inside [start, end] (the current one when the period reaches today), all
    counted: from the summary and their rows added since; the days outside them: live.
    Anything else: all live."""
    if code is not None and len(code) > SUMMARISED_UP_TO:
        return Split([(start, end)])
    today = today or timezone.localdate()
    months, month = [], start if start.day == 1 else next_month(start)
    while month <= today and (next_month(month) - timedelta(days=1) <= end or end >= today):
        months.append(month)
        month = next_month(month)
    counted = {row.month: row for row in SummaryMonth.objects.filter(month__in=months)}
    if not months or len(counted) != len(months):
        return Split([(start, end)])
    live = []
    if start < months[0]:
        live.append((start, months[0] - timedelta(days=1)))
    after = next_month(months[-1])
    if after <= end:
        live.append((after, end))
    marks = tuple(
        (m, {model: getattr(counted[m], field) for model, field in MARKS.items()}) for m in months
    )
    as_of = min(row.refreshed_at for row in counted.values())
    return Split(live, (months[0], months[-1]), as_of, marks)


def _live_q(model, how: Split) -> Q:
    """The rows read live: the live date ranges, and the summarised months' rows added since
    they were counted (found by primary key, which every table has an index on)."""
    added = Q(pk__in=[])
    lowest = None
    for month, marks in how.marks:
        mark = marks[model]
        lowest = mark if lowest is None else min(lowest, mark)
        added |= Q(pk__gt=mark) & created_q(month, next_month(month) - timedelta(days=1))
    if lowest is not None:
        # Stated once more on its own so that the planner reads the key's index from there.
        added &= Q(pk__gt=lowest)
    return dates_q(how.live) | added


def in_area(code: str | None, field_name: str) -> Q:
    if code is None:
        return Q()
    low, high = prefix_bounds(code)
    return Q(**{field_name: code}) | Q(**{f"{field_name}__gt": low, f"{field_name}__lt": high})


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of ``first``, start of the day after ``last``) in local time, as aware datetimes:
    a range on the column itself, which its index can serve (``__date`` casts every row)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    return start, datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)


def created_q(first: date, last: date, field_name: str = "created_at") -> Q:
    start, stop = day_bounds(first, last)
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": stop})


def dates_q(ranges: list[tuple[date, date]]) -> Q:
    query = Q(pk__in=[])
    for first, last in ranges:
        query |= created_q(first, last)
    return query


def counts(measure: str, code: str | None, how: Split) -> dict[str, int]:
    """{value: count} of ``measure`` in ``code`` over the period ``how`` splits."""
    model, field, choices = SOURCES[measure]
    out: dict[str, int] = {}
    if how.live or how.marks:
        rows = model.objects.filter(in_area(code, "area_id"), _live_q(model, how))
        _merge(out, _live(rows, field, choices))
    if how.months:
        summary = MonthlyCount.objects.filter(
            in_area(code, "area"), measure=measure, month__range=how.months
        )
        _merge(out, {r["key"]: r["n"] for r in summary.values("key").annotate(n=Sum("n"))})
    return out


def counts_by_area(measure: str, code: str | None, how: Split, length: int) -> dict[str, int]:
    """{code prefix of ``length``: count of ``measure`` over all its values}."""
    model, _field, _choices = SOURCES[measure]
    out: dict[str, int] = {}
    if how.live or how.marks:
        rows = model.objects.filter(in_area(code, "area_id"), _live_q(model, how))
        grouped = rows.annotate(g=Substr("area_id", 1, length)).values("g").annotate(n=Count("pk"))
        _merge(out, {r["g"]: r["n"] for r in grouped.order_by()})
    if how.months:
        summary = MonthlyCount.objects.filter(
            in_area(code, "area"), measure=measure, month__range=how.months
        )
        grouped = summary.annotate(g=Substr("area", 1, length)).values("g").annotate(n=Sum("n"))
        _merge(out, {r["g"]: r["n"] for r in grouped.order_by()})
    return out


def _merge(into: dict, more: dict) -> None:
    for key, n in more.items():
        into[key or ""] = into.get(key or "", 0) + n


def _live(rows, field: str, choices) -> dict[str, int]:
    if choices is None:
        return {r[field]: r["n"] for r in rows.values(field).annotate(n=Count("pk")).order_by()}
    found = rows.aggregate(
        **{
            f"v{n}": Count("pk", filter=Q(**{f"{field}__icontains": f'"{value}"'}))
            for n, value in enumerate(choices.values)
        }
    )
    return {value: found[f"v{n}"] for n, value in enumerate(choices.values) if found[f"v{n}"]}


# Refreshing ---------------------------------------------------------------------------------


def refresh(months: list[date]) -> int:
    """Recount each month (its first day) from the tables; returns the rows written."""
    written = 0
    for month in months:
        marks = {model: _highest_id(model) for model in MARKS}
        rows = list(_month_rows(month, marks))
        with transaction.atomic():
            MonthlyCount.objects.filter(month=month).delete()
            MonthlyCount.objects.bulk_create(rows, batch_size=2000)
            SummaryMonth.objects.update_or_create(
                month=month,
                defaults={
                    "refreshed_at": timezone.now(),
                    **{field: marks[model] for model, field in MARKS.items()},
                },
            )
        written += len(rows)
    return written


def _highest_id(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _month_rows(month: date, marks: dict):
    last = next_month(month) - timedelta(days=1)
    for measure, (model, field, choices) in SOURCES.items():
        rows = model.objects.filter(created_q(month, last), pk__lte=marks[model])
        area = (
            Value("", output_field=CharField())
            if model is Check
            else Substr("area_id", 1, KECAMATAN_LENGTH)
        )
        rows = rows.annotate(kec=area)
        if choices is None:
            for r in rows.values("kec", field).annotate(n=Count("pk")).order_by():
                yield MonthlyCount(
                    month=month, area=r["kec"], measure=measure, key=r[field], n=r["n"]
                )
            continue
        found = rows.values("kec").annotate(
            **{
                f"v{n}": Count("pk", filter=Q(**{f"{field}__icontains": f'"{value}"'}))
                for n, value in enumerate(choices.values)
            }
        )
        for r in found.order_by():
            for n, value in enumerate(choices.values):
                if r[f"v{n}"]:
                    yield MonthlyCount(
                        month=month, area=r["kec"], measure=measure, key=value, n=r[f"v{n}"]
                    )


def months_to_refresh(today: date | None = None) -> list[date]:
    """This month and the last two, and every earlier month with reports not counted yet."""
    today = today or timezone.localdate()
    current = month_start(today)
    recent = [month_start(current - timedelta(days=1)), current]
    recent.insert(0, month_start(recent[0] - timedelta(days=1)))
    oldest = Report.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None:
        return recent
    # A month counted before marks were kept (mark 0) is counted again.
    counted = set(SummaryMonth.objects.filter(report_mark__gt=0).values_list("month", flat=True))
    months, month = set(recent), month_start(timezone.localtime(oldest).date())
    while month < current:
        if month not in counted:
            months.add(month)
        month = next_month(month)
    return sorted(months)
