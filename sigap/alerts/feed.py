"""The engine's inputs, read from the features with ORM aggregates (one grouped query per
measure and level, never a row per report).

Weeks are Monday to Sunday in SIGAP_TIME_ZONE; the run judges the last complete week before
its cut-off. A series starts at the week of the first report anywhere (at most three years
back), so a new installation is judged on its short history (EARS C2), not on years of
zeros."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Substr, TruncWeek
from django.utils import timezone

from sigap.alerts.models import WeeklyCount
from sigap.cases.models import Identifier, Referral, Report
from sigap.jobcheck.models import Check, Level
from sigap.programme.models import Commitment, ConditionValue, Member, Programme
from sigap.programme.stats import expected_areas, report_gaps
from sigap.regions.models import prefix_bounds
from sigap.warning.model import (
    AreaCoverage,
    CommitmentProgress,
    DueReport,
    OpenReferral,
    RecordRef,
    Series,
    Sighting,
)
from sigap.warning.spikes import RULES as SPIKE_RULES
from sigap.warning.spikes import SpikeRules

WEEK = timedelta(days=7)
MAX_WEEKS = 156
PREFIX = {"kota": 5, "kecamatan": 8}
RECOUNT_WEEKS = 4  # reports of the newest weeks may still change (back-dated, merged)
# Condition-report numbers watched for spikes (keys of programme.actions.DEFAULT_INDICATORS):
# non-procedural departures, migrant workers back with problems, suspicious recruiters.
WATCHED_INDICATORS = ("berangkat_nonprosedural", "pmi_bermasalah", "perekrut_mencurigakan")
# Months or quarters: the same period ±1 of past years is the seasonal baseline.
PERIOD_RULES = SpikeRules(seasonal_window=1)


@dataclass(frozen=True)
class Window:
    """The weeks a run looks at: ``first`` to ``judged`` (Mondays, local), and the cut-off."""

    cutoff: datetime
    first: date
    judged: date

    @property
    def weeks(self) -> int:
        return (self.judged - self.first).days // 7 + 1

    def start(self, week: date) -> datetime:
        return timezone.make_aware(datetime.combine(week, datetime.min.time()))

    @property
    def end(self) -> datetime:
        return self.start(self.judged + WEEK)


def window(cutoff: datetime) -> Window:
    today = timezone.localdate(cutoff)
    judged = today - timedelta(days=today.weekday()) - WEEK
    oldest = judged - WEEK * (MAX_WEEKS - 1)
    first_report = (
        Report.objects.filter(
            created_at__gte=timezone.make_aware(datetime.combine(oldest, datetime.min.time()))
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    first = oldest
    if first_report is not None:
        day = timezone.localdate(first_report)
        first = max(oldest, min(judged, day - timedelta(days=day.weekday())))
    return Window(cutoff, first, judged)


def _weekly(rows, key: str, win: Window) -> dict[str, list[int]]:
    series: dict[str, list[int]] = defaultdict(lambda: [0] * win.weeks)
    for row in rows:
        index = (_day(row["week"]) - win.first).days // 7
        if 0 <= index < win.weeks:
            series[row[key]][index] += row["n"]
    return series


def refresh_weekly_counts(win: Window) -> int:
    """Recount the weekly reports per kecamatan of the newest weeks (late changes land there)
    and of any week of the window not counted yet (all of them, the first time): one grouped
    query over those weeks' reports. Returns the weeks recounted."""
    counted = set(
        WeeklyCount.objects.filter(week__gte=win.first, week__lte=win.judged)
        .values_list("week", flat=True)
        .distinct()
    )
    weeks = [win.first + WEEK * i for i in range(win.weeks)]
    stale = [w for w in weeks if w not in counted or w > win.judged - RECOUNT_WEEKS * WEEK]
    if not stale:
        return 0
    rows = (
        Report.objects.filter(created_at__gte=win.start(min(stale)), created_at__lt=win.end)
        .annotate(code=Substr("area_id", 1, PREFIX["kecamatan"]), week=TruncWeek("created_at"))
        .values_list("code", "week")
        .annotate(n=Count("id"))
        .order_by()
    )
    recount = set(stale)
    fresh = [
        WeeklyCount(week=_day(week), kecamatan=code, n=n)
        for code, week, n in rows.iterator(chunk_size=20000)
        if _day(week) in recount
    ]
    # A week without any report gets a row of its own, so that it counts as counted.
    fresh += [WeeklyCount(week=w, kecamatan="", n=0) for w in recount - {c.week for c in fresh}]
    with transaction.atomic():
        WeeklyCount.objects.filter(week__in=stale).delete()
        WeeklyCount.objects.bulk_create(fresh, batch_size=5000)
    return len(stale)


def report_series(win: Window) -> list[Series]:
    """Weekly reports per kecamatan (from WeeklyCount, refreshed first) and per kota/kabupaten
    (their sums), and per kelurahan for those past the gate in the last four weeks (most are
    not: one small query for the gate, one for the history of the few that pass)."""
    refresh_weekly_counts(win)
    rows = WeeklyCount.objects.filter(week__gte=win.first, week__lte=win.judged).values_list(
        "kecamatan", "week", "n"
    )
    series: dict[str, list[int]] = defaultdict(lambda: [0] * win.weeks)
    for code, week, n in rows.filter(n__gt=0).iterator(chunk_size=20000):
        index = (week - win.first).days // 7
        series[code][index] += n
        series[code[: PREFIX["kota"]]][index] += n
    out = [Series(code, "reports", tuple(c)) for code, c in series.items()]
    in_window = Report.objects.filter(created_at__gte=win.start(win.first), created_at__lt=win.end)
    recent = (
        in_window.filter(created_at__gte=win.start(win.judged - 3 * WEEK))
        .values("area_id")
        .annotate(n=Count("id"))
        .filter(n__gte=SPIKE_RULES.min_last_4)
        .order_by()
    )
    busy = [row["area_id"] for row in recent]
    if busy:
        rows = (
            in_window.filter(area_id__in=busy)
            .annotate(week=TruncWeek("created_at"))
            .values("area_id", "week")
            .annotate(n=Count("id"))
            .order_by()
        )
        by_area = _weekly(rows, "area_id", win)
        out += [Series(code, "reports", tuple(c)) for code, c in by_area.items()]
    return out


def _day(week) -> date:
    return week.date() if isinstance(week, datetime) else week


def post_series(win: Window) -> list[Series]:
    """High-risk screened posts over the whole country (a stored check has no area)."""
    rows = (
        Check.objects.filter(
            level=Level.HIGH, created_at__gte=win.start(win.first), created_at__lt=win.end
        )
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(n=Count("id"))
        .order_by()
    )
    series = _weekly([{**r, "code": ""} for r in rows], "code", win)
    return [Series("", "posts_high", tuple(c)) for c in series.values()]


def sightings(hub_floor: int = 2) -> list[Sighting]:
    """Every identifier seen on two reports or more (hubs included: the engine sets them
    aside), with its report and area."""
    shared = (
        Identifier.objects.values("value_hash")
        .annotate(n=Count("report_id", distinct=True))
        .filter(n__gte=hub_floor)
        .values("value_hash")
    )
    rows = Identifier.objects.filter(value_hash__in=shared).values_list(
        "value_hash", "kind", "hint", "report_id", "report__area_id"
    )
    return [
        Sighting(RecordRef("report", str(pk), area), kind, value, normalized=True, label=hint)
        for value, kind, hint, pk, area in rows.iterator(chunk_size=5000)
    ]


def due_reports(today: date) -> list[DueReport]:
    """The condition reports missing after their due date, per programme (its own rules for
    who owes which period: sigap.programme.stats.report_gaps)."""
    out = []
    for programme in Programme.objects.filter(reports_start__isnull=False):
        for gap in report_gaps(programme, today, last=2):
            if gap.missing:
                out.append(
                    DueReport(gap.area_code, str(programme.pk), gap.period_start, gap.due_on, False)
                )
    return out


def overdue_referrals(today: date) -> list[OpenReferral]:
    rows = Referral.objects.overdue(today).values_list("pk", "case__area_id", "deadline")
    return [OpenReferral(str(pk), area, deadline) for pk, area, deadline in rows]


def commitments() -> list[CommitmentProgress]:
    """Volunteer commitments with a target, against the active relawan of the pact's area."""
    rows = Commitment.objects.filter(
        kind=Commitment.Kind.VOLUNTEERS, target__isnull=False
    ).values_list("pact_id", "pact__area_id", "pact__programme_id", "target", "pact__signed_on")
    out = []
    for pact, area, programme, target, signed in rows:
        low, high = prefix_bounds(area)
        members = Member.objects.active().filter(programme_id=programme)
        achieved = (
            members.filter(area_id=area).count()
            + members.filter(area_id__gt=low, area_id__lt=high).count()
        )
        out.append(CommitmentProgress(str(pact), area, "volunteers", target, achieved, signed))
    return out


def coverage(win: Window, spiking: set[str]) -> list[AreaCoverage]:
    """Kelurahan of programmes that have ambassadors or relawan at all, with their reports of
    the last 12 weeks and their active members."""
    programmes = Member.objects.values_list("programme_id", flat=True).distinct()
    targets: set[str] = set()
    for programme in Programme.objects.filter(pk__in=programmes):
        targets |= set(expected_areas(programme))
    if not targets:
        return []
    active = dict(
        Member.objects.active()
        .filter(area_id__in=targets)
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    recent = dict(
        Report.objects.filter(
            area_id__in=targets, created_at__gte=win.start(win.judged - 11 * WEEK)
        )
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    return [
        AreaCoverage(code, recent.get(code, 0), active.get(code, 0), code in spiking)
        for code in sorted(targets)
    ]


def condition_series(today: date, years: int = 3) -> list[Series]:
    """The watched condition-report numbers summed per kecamatan and per kota/kabupaten and
    period (one grouped query; kota sums are rolled up from kecamatan), the last period being
    the latest one reported. Series of monthly and quarterly programmes are kept apart."""
    since = date(today.year - years, today.month, 1)
    rows = (
        ConditionValue.objects.filter(
            indicator__key__in=WATCHED_INDICATORS,
            number__isnull=False,
            report__period_start__gte=since,
        )
        .annotate(code=Substr("report__area_id", 1, PREFIX["kecamatan"]))
        .values(
            "code", "indicator__key", "report__period_start", "report__programme__report_period"
        )
        .annotate(n=Sum("number"))
        .order_by()
    )
    sums: dict[tuple[str, str, int], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        months = row["report__programme__report_period"]
        start = row["report__period_start"]
        for code in (row["code"], row["code"][: PREFIX["kota"]]):
            sums[(code, row["indicator__key"], months)][start] += row["n"] or 0
    periods: dict[int, list[date]] = defaultdict(list)
    for (_code, _key, months), by_period in sums.items():
        periods[months] = sorted(set(periods[months]) | set(by_period))
    return [
        Series(
            code,
            f"condition:{key}",
            tuple(by_period.get(p, 0) for p in periods[months]),
            12 // months,
        )
        for (code, key, months), by_period in sums.items()
    ]
