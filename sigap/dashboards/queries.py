"""The numbers behind every dashboard: one area (and everything inside it) over one period.

Every figure is an ORM aggregate (GROUP BY in the database) over an area's code range, which the
features' (area, …) indexes serve; nothing here loops over rows in Python except the few grouped
ones. Who may see which area is decided by the caller (sigap.people.access); what is shown of a
small count is decided in ``suppression``.

``city_dashboard`` and ``national_dashboard`` are what the pages and the national bench call.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases import choices as c
from sigap.cases.models import Referral, Service
from sigap.dashboards import summaries
from sigap.jobcheck.models import Level as CheckLevel
from sigap.people.models import OrgType
from sigap.programme import periods
from sigap.programme import stats as programme_stats
from sigap.programme.models import (
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

UNTRIAGED = _("Not yet triaged")
UNKNOWN = _("Not recorded")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    @classmethod
    def last_months(cls, months: int = 12, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        start = date(today.year, today.month, 1)
        for _month in range(months - 1):
            start = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
        return cls(start, today)

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(date(year, month, 1), following - timedelta(days=1))


@dataclass
class Table:
    """One chart's numbers: rows of (label, count). ``sensitive`` tables come from reports and
    cases and have their small cells suppressed; programme activity does not."""

    key: str
    title: str
    rows: list[tuple[str, int]]
    sensitive: bool = True
    note: str = ""
    shown: list[str] = field(default_factory=list)  # filled by suppression.apply

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(label, what may be shown of its count), once suppression has been applied."""
        return [(label, shown) for (label, _n), shown in zip(self.rows, self.shown, strict=True)]


@dataclass
class AreaRow:
    area: Area
    counts: dict[str, int]
    shown: dict[str, str] = field(default_factory=dict)


@dataclass
class Dashboard:
    area: Area | None  # None: the whole country
    period: Period
    tables: list[Table]
    children: list[AreaRow]
    child_level: int
    summary_as_of: object = None  # when whole past months were last counted, if they were

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def in_area(code: str | None, field_name: str = "area") -> Q:
    """Rows whose area is ``code`` or inside it; everything when ``code`` is None."""
    if code is None:
        return Q()
    low, high = prefix_bounds(code)
    return Q(**{field_name: code}) | Q(**{f"{field_name}__gt": low, f"{field_name}__lt": high})


def _created(period: Period, field_name: str = "created_at") -> Q:
    return summaries.created_q(period.start, period.end, field_name)


def _labelled(rows, labels: dict, key: str = "key") -> list[tuple[str, int]]:
    out = [
        (str(labels.get(row[key], UNKNOWN if not row[key] else row[key])), row["n"]) for row in rows
    ]
    return sorted(out, key=lambda item: -item[1])


def _grouped(queryset, key: str, labels: dict) -> list[tuple[str, int]]:
    rows = queryset.values(key).annotate(n=Count("pk")).order_by()
    return _labelled([{"key": row[key], "n": row["n"]} for row in rows], labels)


def _counted(found: dict[str, int], labels: dict) -> list[tuple[str, int]]:
    """``{value: count}`` (the summary's) as labelled rows, biggest first, zeros left out."""
    return _labelled([{"key": key, "n": n} for key, n in found.items() if n], labels)


# Reports and cases ------------------------------------------------------------------------


def reports_tables(code: str | None, how: summaries.Split) -> list[Table]:
    """Reports and cases, from the live tables and (whole past months) the summary."""
    decisions = {"": UNTRIAGED, **dict(c.TraffickingStatus.choices)}

    def rows(measure: str, labels: dict) -> list[tuple[str, int]]:
        return _counted(summaries.counts(measure, code, how), labels)

    return [
        Table("reports", _("Reports by triage decision"), rows("report_decision", decisions)),
        Table(
            "report_channels",
            _("Reports by recruitment channel"),
            rows("report_app", dict(c.RecruitmentApp.choices)),
        ),
        Table("cases", _("Cases by status"), rows("case_status", dict(c.CaseStatus.choices))),
        Table(
            "exploitation",
            _("Cases by type of exploitation"),
            rows("case_type", dict(c.ExploitationType.choices)),
            note=_("A case can have several types."),
        ),
        Table(
            "destinations",
            _("Cases by destination country"),
            rows("case_dest", dict(c.Country.choices)),
        ),
    ]


def referral_tables(code: str | None, period: Period, today: date) -> list[Table]:
    referrals = Referral.objects.filter(in_area(code, "case__area_id"))
    state = referrals.aggregate(
        open=Count("pk", filter=Q(status__in=c.OPEN_REFERRAL_STATUSES)),
        overdue=Count("pk", filter=Q(status=c.ReferralStatus.PENDING, deadline__lt=today)),
        made=Count("pk", filter=_created(period)),
    )
    made = referrals.filter(_created(period))
    services = Service.objects.filter(
        in_area(code, "case__area_id"),
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
        cancelled=False,
    )
    return [
        Table(
            "referrals",
            _("Referrals"),
            [
                (str(_("Made in the period")), state["made"]),
                (str(_("Open now")), state["open"]),
                (str(_("Overdue now")), state["overdue"]),
            ],
        ),
        Table(
            "referral_agencies",
            _("Referrals made, by agency"),
            _grouped(made, "organisation__type", dict(OrgType.choices)),
        ),
        Table(
            "services",
            _("Services delivered"),
            _grouped(services, "kind", dict(c.ServiceKind.choices)),
        ),
    ]


# Programme --------------------------------------------------------------------------------


def programme_tables(code: str | None, period: Period, today: date) -> list[Table]:
    members = Member.objects.active().filter(in_area(code, "area_id"))
    roles = dict(CommunityRole.choices)
    events = Event.objects.filter(
        in_area(code, "area_id"), starts_on__gte=period.start, starts_on__lte=min(period.end, today)
    )
    outreach = Outreach.objects.filter(
        in_area(code, "area_id"), held_on__gte=period.start, held_on__lte=period.end
    )
    reach = outreach.aggregate(sessions=Count("pk"), people=Sum(programme_stats.AUDIENCE))
    coverage = _grouped(members, "role", roles) + [
        (str(_("Events held")), events.count()),
        (str(_("Outreach sessions")), reach["sessions"]),
        (str(_("People reached by outreach")), reach["people"] or 0),
    ]
    return [
        Table("coverage", _("Programme coverage"), coverage, sensitive=False),
        Table("pacts", _("Pact commitments"), _pact_rows(code), sensitive=False),
        Table(
            "conditions",
            _("Condition reports due in the period"),
            _condition_rows(code, period, today),
            sensitive=False,
        ),
    ]


def _pact_rows(code: str | None) -> list[tuple[str, int]]:
    pacts = Pact.objects.filter(in_area(code, "area_id"))
    rows = [(str(_("Pacts signed")), pacts.count())]
    commitments = Commitment.objects.filter(pact__in=pacts)
    return rows + _grouped(commitments, "kind", dict(Commitment.Kind.choices))


def _condition_rows(code: str | None, period: Period, today: date) -> list[tuple[str, int]]:
    """Filed on time, late, and missing. The country's, a province's and a kota's read the
    monthly summary (by due day, and filed per programme and period) when it covers them."""
    summed = summaries.condition_due(code, period.start, period.end)
    if summed is None:
        filed = ConditionReport.objects.filter(
            in_area(code, "area_id"), due_on__gte=period.start, due_on__lte=period.end
        ).aggregate(all=Count("pk"), on_time=Count("pk", filter=Q(filed_on__lte=F("due_on"))))
        summed = filed["all"], filed["on_time"]
    on_time, late = summed[1], summed[0] - summed[1]
    missing = _missing(code, period, today)
    return [
        (str(_("Filed on time")), on_time),
        (str(_("Filed late")), late),
        (str(_("Missing")), missing),
    ]


def _reporting_programmes(code: str | None):
    """Programmes asking for condition reports whose area holds ``code`` or lies inside it."""
    programmes = Programme.objects.filter(reports_start__isnull=False)
    if code is None:
        return programmes
    return programmes.filter(Q(area_id__in=ancestor_codes(code)) | in_area(code, "area_id"))


def _villages_by_start(programmes: list[Programme], code: str | None) -> dict[int, dict]:
    """Per programme, how many of its kelurahan in ``code`` start reporting on each date.
    Targets that do not nest are counted in the database, one grouped query per length of
    target code for all the programmes together; nested ones (a kelurahan inside a targeted
    kecamatan) need the per-kelurahan rule of programme.stats."""
    targets: dict[int, dict[str, date]] = defaultdict(dict)
    rows = TargetArea.objects.filter(phase__programme__in=programmes).values_list(
        "phase__programme_id", "area_id", "phase__starts_on"
    )
    for programme_id, target, start in rows:
        found = targets[programme_id]
        found[target] = min(start, found.get(target, start))
    starts: dict[int, dict[date, int]] = {p.pk: defaultdict(int) for p in programmes}
    flat: dict[int, set[str]] = defaultdict(set)  # target code length -> targets
    flat_programmes = []
    for programme in programmes:
        mine = targets[programme.pk]
        if any(a != b and a.startswith(b + ".") for a in mine for b in mine):
            expected = programme_stats.expected_areas(programme)
            for village, (_name, first) in expected.items():
                if code is None or village.startswith(code + ".") or village == code:
                    starts[programme.pk][first] += 1
            continue
        flat_programmes.append(programme)
        for target in mine:
            flat[len(target)].add(target)
    villages: dict[str, int] = {}
    for length, codes in flat.items():
        grouped = (
            Area.objects.filter(in_area(code, "code"), level=Level.VILLAGE)
            .annotate(target=Substr("code", 1, length))
            .filter(target__in=codes)
            .values("target")
            .annotate(n=Count("pk"))
            .order_by()
        )
        villages |= {row["target"]: row["n"] for row in grouped}
    for programme in flat_programmes:
        for target, first in targets[programme.pk].items():
            starts[programme.pk][first] += villages.get(target, 0)
    return starts


def _due_periods(programme: Programme, period: Period, today: date) -> list[date]:
    months, due_days = programme.report_period, programme.report_due_days
    return [
        start
        for start in periods.ended_periods(programme.reports_start, today, months)
        if period.start <= periods.due_on(start, months, due_days) <= period.end
        and periods.due_on(start, months, due_days) < today
    ]


def _missing(code: str | None, period: Period, today: date) -> int:
    """Condition reports due in the period (and already past due) from kelurahan in ``code``
    that were never filed, over every programme asking for them: expected (kelurahan, period)
    pairs counted by phase start, so the work grows with the number of kelurahan, not
    kelurahan × periods; filed ones from the summary where it covers them."""
    due = {p.pk: (p, _due_periods(p, period, today)) for p in _reporting_programmes(code)}
    programmes = [p for p, periods_due in due.values() if periods_due]
    if not programmes:
        return 0
    due = {p.pk: due[p.pk][1] for p in programmes}
    starts = _villages_by_start(programmes, code)
    filed = summaries.condition_filed(code, due)
    if filed is None:
        filed = defaultdict(int)
        for programme in programmes:
            filed[programme.pk] = ConditionReport.objects.filter(
                in_area(code, "area_id"), programme=programme, period_start__in=due[programme.pk]
            ).count()
    missing = 0
    for programme in programmes:
        months = programme.report_period
        expected = sum(
            n
            for first, n in starts[programme.pk].items()
            for p in due[programme.pk]
            if periods.period_end(p, months) >= first
        )
        missing += max(expected - filed.get(programme.pk, 0), 0)
    return missing


def screening_table(
    period: Period, how: summaries.Split | None = None, code: str | None = None
) -> Table:
    """Posts screened by Cek Lowongan: checks record no area, so this is the national count
    (``how`` and ``code``: a summarised page's split, whose summary rows it shares)."""
    how = how or summaries.split(None, period.start, period.end)
    labels = dict(CheckLevel.choices)
    found = summaries.counts("check_level", code, how)
    rows = _counted(found, labels)
    return Table(
        "screening",
        _("Posts screened by risk level (whole country)"),
        rows,
        sensitive=False,
        note=_("Cek Lowongan keeps no area, so these are the counts for the whole country."),
    )


# Per child area (drill-down and map) ------------------------------------------------------


CHILD_MEASURES = ("reports", "cases", "ambassadors", "reached")


def child_rows(
    code: str | None, period: Period, how: summaries.Split | None = None
) -> tuple[list[AreaRow], int]:
    """Reports, cases, active ambassadors and people reached per child area of ``code``."""
    parent = Area.objects.filter(code=code).defer("geometry").first() if code else None
    level = (parent.level + 1) if parent else Level.PROVINCE
    if parent and parent.level == Level.VILLAGE:
        # A kelurahan has no children: its own row, so its map and table still show it.
        children, level = [parent], Level.VILLAGE
    elif parent:
        children = list(Area.objects.filter(parent_id=code).defer("geometry"))
    else:
        children = list(Area.objects.at_level(Level.PROVINCE).defer("geometry"))
    length = len(children[0].code) if children else 0
    counts = {area.code: dict.fromkeys(CHILD_MEASURES, 0) for area in children}
    how = how or summaries.split(code, period.start, period.end)
    for measure, source in (("reports", "report_decision"), ("cases", "case_status")):
        for prefix, n in summaries.counts_by_area(source, code, how, length).items():
            _add(counts, prefix, measure, n)
    ambassadors = (
        Member.objects.active()
        .filter(in_area(code, "area_id"), role=CommunityRole.AMBASSADOR)
        .values("area_id")
    )
    for row in ambassadors.annotate(n=Count("pk")).order_by():
        _add(counts, row["area_id"][:length], "ambassadors", row["n"])
    outreach = Outreach.objects.filter(
        in_area(code, "area_id"), held_on__gte=period.start, held_on__lte=period.end
    )
    for row in outreach.values("area_id").annotate(n=Sum(programme_stats.AUDIENCE)).order_by():
        _add(counts, row["area_id"][:length], "reached", row["n"] or 0)
    return [AreaRow(area, counts[area.code]) for area in children], level


def _add(counts: dict, code: str, measure: str, n: int) -> None:
    if code in counts:
        counts[code][measure] += n


# The dashboards ---------------------------------------------------------------------------


def build(code: str | None, period: Period, today: date | None = None) -> Dashboard:
    """Every table of the dashboard of ``code`` (None: the whole country), unsuppressed."""
    today = today or timezone.localdate()
    area = Area.objects.defer("geometry").get(code=code) if code else None
    how = summaries.split(code, period.start, period.end, today)
    tables = (
        reports_tables(code, how)
        + referral_tables(code, period, today)
        + programme_tables(code, period, today)
        + [_screening(code, period, how, today)]
    )
    children, level = child_rows(code, period, how)
    return Dashboard(area, period, tables, children, level, how.as_of)


def _screening(code: str | None, period: Period, how: summaries.Split, today: date) -> Table:
    """The country's screened posts: from the page's own split when it reads the summary (the
    same months and marks), else from the country's."""
    if how.months:
        return screening_table(period, how, code)
    return screening_table(period, summaries.split(None, period.start, period.end, today))


def city_dashboard(code: str = "12.71", period: Period | None = None) -> Dashboard:
    """A kota/kabupaten's dashboard (Kota Medan by default), unsuppressed: what the page shows
    before ``suppression.apply``; timed by bench/national.py as ``city_dashboard_p95_ms``."""
    return build(code, period or Period.last_months(12))


def national_dashboard(period: Period | None = None) -> Dashboard:
    """The whole country's dashboard, per province; timed as ``national_dashboard_p95_ms``."""
    return build(None, period or Period.last_months(12))
