"""Read-only figures: coverage, the missing/late list, reach, and pact fulfilment.

Each function aggregates in the database (GROUP BY area) and rolls the few grouped rows up the
area hierarchy in Python by code prefix, so the number of queries does not grow with the number
of kelurahan.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sigap.programme import periods
from sigap.programme.models import (
    AUDIENCE_FIELDS,
    Attendance,
    Commitment,
    CommunityRole,
    ConditionReport,
    Event,
    Member,
    Outreach,
    Pact,
    Programme,
    TargetArea,
)
from sigap.regions.models import Area, Level, ancestor_codes, prefix_bounds

AUDIENCE = sum((F(name) for name in AUDIENCE_FIELDS[1:]), F(AUDIENCE_FIELDS[0]))


def _roll_up(code: str, wanted) -> list[str]:
    """``code`` and its ancestors that are among ``wanted``."""
    return [c for c in [code, *ancestor_codes(code)] if c in wanted]


# Activities: one definition for coverage, pact monitoring and condition reports --------------

# What counts as a programme activity in an area, everywhere SIGAP counts one (docs/programme.md):
# an event held there with at least one participant present, or an outreach session logged there.
ACTIVITY_DEFINITION = gettext_lazy(
    "An activity is an event held in the area with at least one participant present, or an "
    "outreach session logged there."
)


def events_with_attendance(programme):
    """The programme's events at which at least one participant was marked present."""
    return Event.objects.filter(
        programme=programme,
        pk__in=Attendance.objects.filter(participant__event__programme=programme).values(
            "participant__event"
        ),
    )


def activities(programme, area_code: str, since: date | None = None, until: date | None = None):
    """How many activities (``ACTIVITY_DEFINITION``) took place in ``area_code`` or inside it,
    between ``since`` and ``until`` (inclusive, either open)."""
    low, high = prefix_bounds(area_code)
    inside = Q(area_id=area_code) | Q(area_id__gt=low, area_id__lt=high)
    events = events_with_attendance(programme).filter(inside)
    sessions = Outreach.objects.filter(inside, programme=programme)
    if since:
        events, sessions = events.filter(starts_on__gte=since), sessions.filter(held_on__gte=since)
    if until:
        events, sessions = events.filter(starts_on__lte=until), sessions.filter(held_on__lte=until)
    return events.count() + sessions.count()


# Coverage -------------------------------------------------------------------------------------


@dataclass
class AreaCoverage:
    area: Area
    events: int = 0
    sessions: int = 0
    audience: int = 0
    members: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def reached(self) -> bool:
        """At least one activity (``ACTIVITY_DEFINITION``); members alone do not reach an area."""
        return bool(self.events or self.sessions)

    @property
    def ambassadors(self) -> int:
        return self.members[CommunityRole.AMBASSADOR]

    @property
    def relawan(self) -> int:
        return self.members[CommunityRole.RELAWAN]

    @property
    def fkdm(self) -> int:
        return self.members[CommunityRole.FKDM]


@dataclass
class PhaseCoverage:
    phase: object
    rows: list

    @property
    def planned(self) -> int:
        return len(self.rows)

    @property
    def reached(self) -> int:
        return sum(1 for row in self.rows if row.reached)


def coverage(programme: Programme, today: date) -> list[PhaseCoverage]:
    """Planned against reached target areas, phase by phase.

    An area is reached once an activity took place in it (``ACTIVITY_DEFINITION``): an event
    held with at least one participant present, or an outreach session. ``events`` counts those
    events only.
    """
    targets = (
        TargetArea.objects.filter(phase__programme=programme)
        .select_related("phase", "area")
        .defer("area__geometry")
        .order_by("phase__order", "phase__starts_on", "area_id")
    )
    by_code, phases = {}, {}
    for target in targets:
        row = by_code.setdefault(target.area_id, AreaCoverage(target.area))
        phases.setdefault(target.phase, []).append(row)
    _count_members(programme, by_code)
    _count_events(programme, by_code, today)
    _count_outreach(programme, by_code)
    return [PhaseCoverage(phase, rows) for phase, rows in phases.items()]


def _count_members(programme, by_code):
    rows = (
        Member.objects.active()
        .filter(programme=programme)
        .values("area_id", "role")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        for code in _roll_up(row["area_id"], by_code):
            by_code[code].members[row["role"]] += row["n"]


def _count_events(programme, by_code, today):
    rows = (
        events_with_attendance(programme)
        .filter(starts_on__lte=today)
        .values("area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        for code in _roll_up(row["area_id"], by_code):
            by_code[code].events += row["n"]


def _count_outreach(programme, by_code):
    rows = (
        Outreach.objects.filter(programme=programme)
        .values("area_id")
        .annotate(n=Count("id"), people=Sum(AUDIENCE))
        .order_by()
    )
    for row in rows:
        for code in _roll_up(row["area_id"], by_code):
            by_code[code].sessions += row["n"]
            by_code[code].audience += row["people"] or 0


# Condition reports ----------------------------------------------------------------------------


def expected_areas(programme: Programme) -> dict[str, tuple[str, date]]:
    """Kelurahan that owe condition reports: code -> (name, date their phase started).

    Every desa/kelurahan within the programme's target areas reports from its phase's start.
    """
    starts: dict[str, date] = {}
    for code, start in TargetArea.objects.filter(phase__programme=programme).values_list(
        "area_id", "phase__starts_on"
    ):
        starts[code] = min(start, starts.get(code, start))
    if not starts:
        return {}
    query = Q(code__in=list(starts))
    for code in starts:
        low, high = prefix_bounds(code)
        query |= Q(code__gt=low, code__lt=high)
    out = {}
    rows = Area.objects.filter(query, level=Level.VILLAGE).values_list("code", "name")
    for code, name in rows.order_by("code"):
        start = min(starts[c] for c in _roll_up(code, starts))
        out[code] = (name, start)
    return out


@dataclass(frozen=True)
class Gap:
    """A kelurahan's period whose report is missing (not filed by the due date) or late."""

    area_code: str
    area_name: str
    period_start: date
    due_on: date
    filed_on: date | None

    @property
    def missing(self) -> bool:
        return self.filed_on is None


def report_gaps(programme: Programme, today: date, last: int = 6) -> list[Gap]:
    """Missing and late reports over the ``last`` periods whose due date has passed."""
    if programme.reports_start is None:
        return []
    months, due_days = programme.report_period, programme.report_due_days
    due_periods = [
        p
        for p in periods.ended_periods(programme.reports_start, today, months)
        if periods.due_on(p, months, due_days) < today
    ][-last:]
    if not due_periods:
        return []
    expected = expected_areas(programme)
    filed = {
        (code, start): filed_on
        for code, start, filed_on in ConditionReport.objects.filter(
            programme=programme, period_start__gte=due_periods[0]
        ).values_list("area_id", "period_start", "filed_on")
    }
    gaps = []
    for start in reversed(due_periods):
        due = periods.due_on(start, months, due_days)
        for code, (name, first) in expected.items():
            if periods.period_end(start, months) < first:
                continue
            filed_on = filed.get((code, start), "absent")
            if filed_on == "absent":
                gaps.append(Gap(code, name, start, due, None))
            elif filed_on > due:
                gaps.append(Gap(code, name, start, due, filed_on))
    return gaps


@dataclass
class AreaGaps:
    area_code: str
    area_name: str
    missing: list = field(default_factory=list)  # period starts
    late: list = field(default_factory=list)  # (period start, filed on)


def gaps_by_area(gaps: list[Gap]) -> list[AreaGaps]:
    """One row per kelurahan, those with the most missing reports first."""
    rows: dict[str, AreaGaps] = {}
    for gap in gaps:
        row = rows.setdefault(gap.area_code, AreaGaps(gap.area_code, gap.area_name))
        if gap.missing:
            row.missing.append(gap.period_start)
        else:
            row.late.append((gap.period_start, gap.filed_on))
    return sorted(rows.values(), key=lambda r: (-len(r.missing), -len(r.late), r.area_code))


def open_periods(programme: Programme, today: date, last: int = 3) -> list[date]:
    """Periods one may file for now: the current one and the ``last`` before it."""
    if programme.reports_start is None or programme.reports_start > today:
        return []
    all_periods = periods.periods_between(programme.reports_start, today, programme.report_period)
    return list(reversed(all_periods[-(last + 1) :]))


def due_period(programme: Programme, today: date, filed) -> date | None:
    """The period a filing form starts on: the latest one that has ended and is not in
    ``filed`` (period starts already filed for the kelurahan), else the latest that has ended;
    the current, unfinished period only when none has ended yet."""
    choices = open_periods(programme, today)
    ended = [p for p in choices if periods.period_end(p, programme.report_period) < today]
    unfiled = [p for p in ended if p not in set(filed)]
    return (unfiled or ended or choices or [None])[0]


# Reach ----------------------------------------------------------------------------------------


def reach_totals(outreach) -> dict:
    sums = {name: Sum(name) for name in AUDIENCE_FIELDS}
    totals = outreach.aggregate(sessions=Count("id"), **sums)
    totals = {key: value or 0 for key, value in totals.items()}
    totals["audience"] = sum(totals[name] for name in AUDIENCE_FIELDS)
    totals["female"] = sum(totals[n] for n in AUDIENCE_FIELDS if n.endswith("_f"))
    totals["male"] = totals["audience"] - totals["female"]
    return totals


def reach_by_area(outreach, level: int) -> list[dict]:
    """Sessions and people reached per area at ``level`` (3 kecamatan, 4 kelurahan)."""
    grouped: dict[str, dict] = {}
    rows = outreach.values("area_id").annotate(n=Count("id"), people=Sum(AUDIENCE)).order_by()
    for row in rows:
        code = ".".join(row["area_id"].split(".")[:level])
        entry = grouped.setdefault(code, {"code": code, "sessions": 0, "audience": 0})
        entry["sessions"] += row["n"]
        entry["audience"] += row["people"] or 0
    names = dict(Area.objects.filter(code__in=list(grouped)).values_list("code", "name"))
    for entry in grouped.values():
        entry["name"] = names.get(entry["code"], entry["code"])
    return sorted(grouped.values(), key=lambda e: -e["audience"])


def reach_by_member(outreach) -> list[dict]:
    return list(
        outreach.filter(member__isnull=False)
        .values("member_id", "member__name", "member__role", "area__name")
        .annotate(sessions=Count("id"), audience=Sum(AUDIENCE))
        .order_by("-audience")
    )


# Pact fulfilment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fulfilment:
    commitment: Commitment
    summary: str
    state: str  # "ok", "partial", "none" or "manual"


def pact_fulfilment(pact: Pact, today: date) -> list[Fulfilment]:
    """Each commitment's fulfilment, computed from the data the kelurahan produced."""
    return [_fulfilment(pact, c, today) for c in pact.commitments.all()]


def _fulfilment(pact: Pact, commitment: Commitment, today: date) -> Fulfilment:
    if commitment.kind == Commitment.Kind.VOLUNTEERS:
        return _volunteers(pact, commitment)
    if commitment.kind == Commitment.Kind.MONITORING:
        return _monitoring(pact, commitment)
    if commitment.kind == Commitment.Kind.CONDITIONS:
        return _conditions(pact, commitment, today)
    return Fulfilment(commitment, _("Not measured from data; see the pact's notes."), "manual")


def _state(done: int, target: int) -> str:
    if target and done >= target:
        return "ok"
    return "partial" if done else "none"


def _volunteers(pact, commitment):
    n = (
        Member.objects.active()
        .filter(programme=pact.programme_id, area=pact.area_id, role=CommunityRole.RELAWAN)
        .count()
    )
    target = commitment.target or 1
    text = _("Volunteers formed: %(n)d") % {"n": n}
    if commitment.target:
        text += " " + _("(target %(target)d)") % {"target": commitment.target}
    return Fulfilment(commitment, text, _state(n, target))


def _monitoring(pact, commitment):
    n = activities(pact.programme, pact.area_id, since=pact.signed_on)
    text = ngettext(
        "Activities since signing: %(n)d (events with attendance and outreach sessions)",
        "Activities since signing: %(n)d (events with attendance and outreach sessions)",
        n,
    ) % {"n": n}
    return Fulfilment(commitment, text, _state(n, commitment.target or 1))


def _conditions(pact, commitment, today):
    programme = pact.programme
    if programme.reports_start is None:
        return Fulfilment(commitment, _("The programme asks for no condition reports."), "manual")
    months, due_days = programme.report_period, programme.report_due_days
    first = max(pact.signed_on, programme.reports_start)
    due = [
        p
        for p in periods.ended_periods(first, today, months)
        if periods.due_on(p, months, due_days) < today and periods.period_end(p, months) >= first
    ]
    on_time = (
        ConditionReport.objects.on_time()
        .filter(programme=programme, area=pact.area_id, period_start__in=due)
        .count()
    )
    unit = _("months") if months == 1 else _("quarters")
    text = _("Condition reports on time: %(on_time)d of %(due)d %(unit)s") % {
        "on_time": on_time,
        "due": len(due),
        "unit": unit,
    }
    return Fulfilment(commitment, text, _state(on_time, len(due)) if due else "ok")


# Over time ------------------------------------------------------------------------------------


def last_months(today: date, n: int = 12) -> list[date]:
    """The first days of the ``n`` months up to and including ``today``'s."""
    months = [periods.period_start(today, 1)]
    while len(months) < n:
        months.insert(0, periods.period_start(months[0] - timedelta(days=1), 1))
    return months


def outreach_by_month(outreach, months: list[date]) -> tuple[list[int], list[int]]:
    """Sessions and people reached per month of ``months`` (``outreach`` already scoped)."""
    sessions, people = dict.fromkeys(months, 0), dict.fromkeys(months, 0)
    rows = (
        outreach.filter(held_on__gte=months[0])
        .annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(n=Count("id"), people=Sum(AUDIENCE))
        .order_by()
    )
    for row in rows:
        month = row["month"]
        if month in sessions:
            sessions[month] += row["n"]
            people[month] += row["people"] or 0
    return list(sessions.values()), list(people.values())


def reports_by_period(programme: Programme, today: date, last: int = 12):
    """For each of the last ``last`` periods whose report is due: (period, on time, late,
    missing), the same counts as the missing/late list."""
    gaps = report_gaps(programme, today, last=last)
    due = sorted({g.period_start for g in gaps} | set(_due_periods(programme, today, last)))
    on_time = dict(
        ConditionReport.objects.on_time()
        .filter(programme=programme, period_start__in=due)
        .values("period_start")
        .annotate(n=Count("id"))
        .values_list("period_start", "n")
    )
    late, missing = defaultdict(int), defaultdict(int)
    for gap in gaps:
        (missing if gap.missing else late)[gap.period_start] += 1
    return [(p, on_time.get(p, 0), late[p], missing[p]) for p in due]


def _due_periods(programme: Programme, today: date, last: int) -> list[date]:
    if programme.reports_start is None:
        return []
    months, due_days = programme.report_period, programme.report_due_days
    return [
        p
        for p in periods.ended_periods(programme.reports_start, today, months)
        if periods.due_on(p, months, due_days) < today
    ][-last:]
