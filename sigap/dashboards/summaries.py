"""Summary counts per month, so that a national or city dashboard sums a few thousand rows
instead of grouping millions of reports.

``MonthlyCount`` holds, per calendar month and area, the counts of reports by triage decision
and recruitment channel, of cases by status, exploitation type and destination, of screened
posts by level, and of condition reports by due date (on time, late) and by programme and
period (filed). Each month is written at three grains (``GRAINS``: per province, kota/kabupaten
and kecamatan) and a dashboard reads the grain of the areas it lists: the country's page sums
rows per province, a province's per kota, a kota's per kecamatan.

A dashboard of the country, a province or a kota/kabupaten reads the months that lie wholly
inside its period (the current one too) and have been counted (``SummaryMonth``) from here,
plus the rows added since each was counted (ids above its marks, by the primary key's index);
the rest of the period (a partial first month) from the live tables; a kecamatan or kelurahan
dashboard always reads live. Condition reports are counted per due day, so any period's days
are read from the summary when all its months are counted. ``refresh`` recounts months; the
daily task recounts this month and the last two (decisions and statuses change after the
month) and any month not counted, or counted in an older layout.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import CharField, Count, F, Q, Subquery, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone

from sigap.cases import choices as c
from sigap.cases.models import Case, Report
from sigap.dashboards.models import MonthlyCount, SummaryMonth
from sigap.jobcheck.models import Check
from sigap.programme.models import ConditionReport
from sigap.regions.models import prefix_bounds

KECAMATAN_LENGTH = 8  # "12.71.12"
GRAINS = (2, 5, KECAMATAN_LENGTH)  # province, kota/kabupaten, kecamatan
SUMMARISED_UP_TO = 5  # codes this long or shorter (country, province, kota) read summaries
LAYOUT = 2  # SummaryMonth.layout of months counted as this module writes them
# Condition reports: due in the month, key "on_time <due day>" / "late <due day>"; and filed
# for a period starting in the month, key "<programme id>:<period start>".
CONDITION_DUE = "condition_due"
CONDITION_FILED = "condition_filed"

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
MARKS = {
    Report: "report_mark",
    Case: "case_mark",
    Check: "check_mark",
    ConditionReport: "condition_mark",
}


@dataclass(frozen=True)
class Split:
    """How a period is read: ``live`` date ranges from the tables; ``months`` (first, last)
    from the summary at ``grain``, plus their rows added since they were counted (``marks``:
    per month, the highest report and case ids counted)."""

    live: list[tuple[date, date]]
    months: tuple[date, date] | None = None
    as_of: object = None  # when the oldest summarised month was counted
    marks: tuple = ()  # ((month, {model: highest id counted}), ...)
    grain: int = KECAMATAN_LENGTH
    tops: dict = field(default_factory=dict)  # {model: its highest id now}, read with the marks
    # The summary's rows for an area, read once per page: {code: {(measure, area, key): n}}.
    cache: dict = field(default_factory=dict, compare=False)

    def reads_live(self, model) -> bool:
        """Whether ``model`` has rows to read live: days outside the counted months, or rows
        added since a month was counted (none when its highest id is at or below the marks)."""
        if self.live:
            return True
        lowest = min((marks[model] for _month, marks in self.marks), default=None)
        return lowest is not None and self.tops.get(model, lowest + 1) > lowest


def grain_for(code: str | None) -> int:
    """The grain a dashboard of ``code`` reads: that of the areas it lists."""
    return GRAINS[0] if code is None else min(len(code) + 3, KECAMATAN_LENGTH)


def counted(months: list[date]) -> dict[date, SummaryMonth] | None:
    """The SummaryMonth of each month, or None unless every one was counted in this layout.
    Each row also carries the tables' highest ids now (``top_<field>``, in the same query), so
    that a page need not ask for rows added since counting when there are none."""
    tops = {
        f"top_{name}": Subquery(model.objects.order_by("-pk").values("pk")[:1])
        for model, name in MARKS.items()
    }
    rows = SummaryMonth.objects.filter(month__in=months, layout=LAYOUT).annotate(**tops)
    found = {row.month: row for row in rows}
    return found if len(found) == len(set(months)) else None


def _tops(found: dict[date, SummaryMonth]) -> dict:
    row = next(iter(found.values()))
    return {model: getattr(row, f"top_{name}") or 0 for model, name in MARKS.items()}


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
    found = counted(months) if months else None
    if found is None:
        return Split([(start, end)])
    live = []
    if start < months[0]:
        live.append((start, months[0] - timedelta(days=1)))
    after = next_month(months[-1])
    if after <= end:
        live.append((after, end))
    marks = tuple(
        (m, {model: getattr(found[m], field) for model, field in MARKS.items()}) for m in months
    )
    as_of = min(row.refreshed_at for row in found.values())
    return Split(live, (months[0], months[-1]), as_of, marks, grain_for(code), _tops(found))


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
    """{value: count} of ``measure`` in ``code`` over the period ``how`` splits (screened
    posts keep no area: theirs are the country's whatever ``code``)."""
    model, field_name, choices = SOURCES[measure]
    out: dict[str, int] = {}
    if how.reads_live(model):
        where = Q() if model is Check else in_area(code, "area_id")
        rows = model.objects.filter(where, _live_q(model, how))
        _merge(out, _live(rows, field_name, choices))
    for (kind, _area, key), n in _summary(code, how).items():
        if kind == measure:
            _merge(out, {key: n})
    return out


def counts_by_area(measure: str, code: str | None, how: Split, length: int) -> dict[str, int]:
    """{code prefix of ``length``: count of ``measure`` over all its values}."""
    model, _field, _choices = SOURCES[measure]
    out: dict[str, int] = {}
    if how.reads_live(model):
        rows = model.objects.filter(in_area(code, "area_id"), _live_q(model, how))
        grouped = rows.annotate(g=Substr("area_id", 1, length)).values("g").annotate(n=Count("pk"))
        _merge(out, {r["g"]: r["n"] for r in grouped.order_by()})
    for (kind, area, _key), n in _summary(code, how).items():
        if kind == measure:
            _merge(out, {area[:length]: n})
    return out


def _summary(code: str | None, how: Split) -> dict[tuple[str, str, str], int]:
    """{(measure, area, key): count} of every measure in ``code`` at the page's grain over the
    summarised months (and the country's screened posts, filed under ""): one query a page."""
    if not how.months:
        return {}
    if code not in how.cache:
        where = Q() if code is None else in_area(code, "area") | Q(area="", measure="check_level")
        rows = (
            MonthlyCount.objects.filter(
                where, grain=how.grain, measure__in=list(SOURCES), month__range=how.months
            )
            .values_list("measure", "area", "key")
            .annotate(n=Sum("n"))
            .order_by()
        )
        how.cache[code] = {(measure, area, key): n for measure, area, key, n in rows}
    return how.cache[code]


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
    # Condition reports are grouped for all the months at once (one pass over the table).
    condition_mark = _highest_id(ConditionReport)
    conditions = _condition_rows(months, condition_mark)
    for month in months:
        marks = {model: _highest_id(model) for model in MARKS if model is not ConditionReport}
        marks[ConditionReport] = condition_mark
        rows = _rolled_up(list(_month_rows(month, marks)) + conditions.get(month, []))
        with transaction.atomic():
            MonthlyCount.objects.filter(month=month).delete()
            MonthlyCount.objects.bulk_create(rows, batch_size=2000)
            SummaryMonth.objects.update_or_create(
                month=month,
                defaults={
                    "refreshed_at": timezone.now(),
                    "layout": LAYOUT,
                    **{field: marks[model] for model, field in MARKS.items()},
                },
            )
        written += len(rows)
    return written


def _rolled_up(rows: list[MonthlyCount]) -> list[MonthlyCount]:
    """Kecamatan rows and their sums per kota/kabupaten and per province, at each grain."""
    sums: dict[tuple, int] = defaultdict(int)
    for row in rows:
        for grain in GRAINS:
            sums[(row.month, grain, row.area[:grain], row.measure, row.key)] += row.n
    return [
        MonthlyCount(month=month, grain=grain, area=area, measure=measure, key=key, n=n)
        for (month, grain, area, measure, key), n in sums.items()
    ]


def _highest_id(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _month_rows(month: date, marks: dict):
    last = next_month(month) - timedelta(days=1)
    for measure, (model, field_name, choices) in SOURCES.items():
        rows = model.objects.filter(created_q(month, last), pk__lte=marks[model])
        area = (
            Value("", output_field=CharField())
            if model is Check
            else Substr("area_id", 1, KECAMATAN_LENGTH)
        )
        rows = rows.annotate(kec=area)
        if choices is None:
            for r in rows.values("kec", field_name).annotate(n=Count("pk")).order_by():
                yield MonthlyCount(
                    month=month, area=r["kec"], measure=measure, key=r[field_name], n=r["n"]
                )
            continue
        found = rows.values("kec").annotate(
            **{
                f"v{n}": Count("pk", filter=Q(**{f"{field_name}__icontains": f'"{value}"'}))
                for n, value in enumerate(choices.values)
            }
        )
        for r in found.order_by():
            for n, value in enumerate(choices.values):
                if r[f"v{n}"]:
                    yield MonthlyCount(
                        month=month, area=r["kec"], measure=measure, key=value, n=r[f"v{n}"]
                    )


def _condition_rows(months: list[date], mark: int) -> dict[date, list[MonthlyCount]]:
    """Per month: condition reports due in it per kecamatan and due day (on time or late),
    and filed for a period starting in it per kecamatan, programme and period."""
    out: dict[date, list[MonthlyCount]] = defaultdict(list)
    if not months:
        return out
    wanted = set(months)
    first, last = min(months), next_month(max(months)) - timedelta(days=1)
    reports = ConditionReport.objects.filter(pk__lte=mark).annotate(
        kec=Substr("area_id", 1, KECAMATAN_LENGTH)
    )
    due = (
        reports.filter(due_on__gte=first, due_on__lte=last)
        .values("kec", "due_on")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(filed_on__lte=F("due_on"))))
        .order_by()
    )
    for r in due:
        month = month_start(r["due_on"])
        if month not in wanted:
            continue
        for key, n in (("on_time", r["on_time"]), ("late", r["n"] - r["on_time"])):
            if n:
                out[month].append(_count(month, r["kec"], CONDITION_DUE, f"{key} {r['due_on']}", n))
    filed = (
        reports.filter(period_start__gte=first, period_start__lte=last)
        .values("kec", "programme_id", "period_start")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in filed:
        month = month_start(r["period_start"])
        if month in wanted:
            key = f"{r['programme_id']}:{r['period_start']}"
            out[month].append(_count(month, r["kec"], CONDITION_FILED, key, r["n"]))
    return out


def _count(month: date, area: str, measure: str, key: str, n: int) -> MonthlyCount:
    return MonthlyCount(month=month, area=area, measure=measure, key=key, n=n)


# Condition reports from the summary -----------------------------------------------------------


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def _condition_months(code: str | None, months: list[date]) -> dict[date, SummaryMonth] | None:
    """``counted(months)`` for the condition reports of ``code``; None when a month was not
    counted, or the area is read live (a kecamatan or kelurahan)."""
    if not months or (code is not None and len(code) > SUMMARISED_UP_TO):
        return None
    return counted(months)


def _lowest_mark_passed(found: dict[date, SummaryMonth]) -> int | None:
    """The lowest condition-report mark of the counted months, or None when no condition
    report was added since counting."""
    lowest = min(row.condition_mark for row in found.values())
    return lowest if _tops(found)[ConditionReport] > lowest else None


def condition_due(code: str | None, start: date, end: date) -> tuple[int, int] | None:
    """(all, on time) of the condition reports in ``code`` due from ``start`` to ``end``, from
    the summary (and the reports added since); None when a month of it was not counted, or the
    area is read live (a kecamatan or kelurahan)."""
    months = months_between(start, end)
    found = _condition_months(code, months)
    if found is None:
        return None
    total = on_time = 0
    summary = MonthlyCount.objects.filter(
        in_area(code, "area"), grain=grain_for(code), measure=CONDITION_DUE, month__in=months
    )
    for key, n in summary.values_list("key").annotate(n=Sum("n")).order_by():
        status, day = key.split(" ")
        if start.isoformat() <= day <= end.isoformat():
            total += n
            on_time += n if status == "on_time" else 0
    added = Q(pk__in=[])
    for month, row in found.items():
        last = min(end, next_month(month) - timedelta(days=1))
        added |= Q(pk__gt=row.condition_mark, due_on__gte=max(start, month), due_on__lte=last)
    lowest = _lowest_mark_passed(found)
    if lowest is None:
        return total, on_time
    late = ConditionReport.objects.filter(in_area(code, "area_id"), added, pk__gt=lowest).aggregate(
        all=Count("pk"), on_time=Count("pk", filter=Q(filed_on__lte=F("due_on")))
    )
    return total + late["all"], on_time + late["on_time"]


def condition_filed(code: str | None, due: dict[int, list[date]]) -> dict[int, int] | None:
    """{programme id: condition reports in ``code`` filed for its ``due`` periods (their first
    days)}, from the summary in one query for all the programmes; None as ``condition_due``."""
    months = sorted({month_start(p) for periods in due.values() for p in periods})
    found = _condition_months(code, months)
    if found is None:
        return None
    keys = [f"{pk}:{p}" for pk, periods in due.items() for p in periods]
    summed = (
        MonthlyCount.objects.filter(
            in_area(code, "area"),
            grain=grain_for(code),
            measure=CONDITION_FILED,
            month__in=months,
            key__in=keys,
        )
        .values_list("key")
        .annotate(n=Sum("n"))
        .order_by()
    )
    out: dict[int, int] = defaultdict(int)
    for key, n in summed:
        out[int(key.split(":")[0])] += n
    lowest = _lowest_mark_passed(found)
    if lowest is None:
        return out
    added = Q(pk__in=[])
    for pk, periods in due.items():
        for period in periods:
            mark = found[month_start(period)].condition_mark
            added |= Q(pk__gt=mark, programme_id=pk, period_start=period)
    late = (
        ConditionReport.objects.filter(in_area(code, "area_id"), added, pk__gt=lowest)
        .values("programme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in late:
        out[row["programme_id"]] += row["n"]
    return out


def months_to_refresh(today: date | None = None) -> list[date]:
    """This month and the last two, and every earlier month with reports not counted yet."""
    today = today or timezone.localdate()
    current = month_start(today)
    recent = [month_start(current - timedelta(days=1)), current]
    recent.insert(0, month_start(recent[0] - timedelta(days=1)))
    oldest = Report.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None:
        return recent
    # A month counted before marks were kept (mark 0) or in an older layout is counted again.
    done = SummaryMonth.objects.filter(report_mark__gt=0, layout=LAYOUT)
    done_months = set(done.values_list("month", flat=True))
    months, month = set(recent), month_start(timezone.localtime(oldest).date())
    while month < current:
        if month not in done_months:
            months.add(month)
        month = next_month(month)
    return sorted(months)
