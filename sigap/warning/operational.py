"""Operational alerts: work that is late or missing, judged against a date (``today``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sigap.warning.model import (
    Alert,
    AreaCoverage,
    CommitmentProgress,
    DueReport,
    Kind,
    OpenReferral,
    RecordRef,
    Severity,
)


@dataclass(frozen=True, slots=True)
class OperationalRules:
    condition_high_days: int = 30  # a condition report this many days late reads "sedang"
    referral_high_days: int = 14  # a referral this many days overdue reads "tinggi"
    pact_horizon_days: int = 180  # a commitment's target is due this long after signing
    pact_grace_days: int = 30  # no judgement in the first month
    uncovered_min_reports: int = 5  # "high risk": reports in the last 12 weeks


RULES = OperationalRules()


def missing_conditions(
    due: Iterable[DueReport], today: date, rules: OperationalRules = RULES
) -> list[Alert]:
    """One alert per area owing condition reports whose due date has passed (not on it)."""
    late: dict[str, list[DueReport]] = defaultdict(list)
    for item in due:
        if not item.filed and today > item.due_on:
            late[item.area].append(item)
    alerts = []
    for area, items in sorted(late.items()):
        days = max((today - i.due_on).days for i in items)
        high = days >= rules.condition_high_days or len(items) > 1
        records = tuple(
            RecordRef("condition", f"{i.programme}:{i.period_start.isoformat()}", area)
            for i in sorted(items, key=lambda i: i.period_start)
        )
        alerts.append(
            Alert(
                area=area,
                kind=Kind.CONDITION_MISSING,
                severity=Severity.MEDIUM if high else Severity.LOW,
                records=records,
                facts=(("missing", len(items)), ("days_late", days)),
            )
        )
    return alerts


def overdue_referrals(
    referrals: Iterable[OpenReferral], today: date, rules: OperationalRules = RULES
) -> list[Alert]:
    """One alert per area with referrals still unanswered after their deadline."""
    late: dict[str, list[OpenReferral]] = defaultdict(list)
    for referral in referrals:
        if today > referral.deadline:
            late[referral.area].append(referral)
    alerts = []
    for area, items in sorted(late.items()):
        days = max((today - r.deadline).days for r in items)
        alerts.append(
            Alert(
                area=area,
                kind=Kind.REFERRAL_OVERDUE,
                severity=Severity.HIGH if days >= rules.referral_high_days else Severity.MEDIUM,
                records=tuple(RecordRef("referral", r.id, area) for r in items),
                facts=(("overdue", len(items)), ("days_late", days)),
            )
        )
    return alerts


def expected_by(progress: CommitmentProgress, today: date, rules: OperationalRules = RULES) -> int:
    """The share of the target due by ``today``: linear from signing to the horizon, rounded
    down (a target of 10 is 5 at half time)."""
    elapsed = (today - progress.signed_on).days
    share = min(1.0, max(0, elapsed) / rules.pact_horizon_days)
    return int(progress.target * share)


def pacts_behind(
    commitments: Iterable[CommitmentProgress], today: date, rules: OperationalRules = RULES
) -> list[Alert]:
    """One alert per area whose pact commitments are behind their linear schedule."""
    behind: dict[str, list[tuple[CommitmentProgress, int]]] = defaultdict(list)
    for item in commitments:
        if (today - item.signed_on).days < rules.pact_grace_days:
            continue
        expected = expected_by(item, today, rules)
        if item.achieved < expected:
            behind[item.area].append((item, expected))
    return [
        Alert(
            area=area,
            kind=Kind.PACT_BEHIND,
            severity=Severity.MEDIUM,
            records=tuple(RecordRef("pact", c.pact, area) for c, _ in items[:1]),
            facts=(
                ("target", items[0][0].target),
                ("achieved", items[0][0].achieved),
                ("expected", items[0][1]),
                ("behind", len(items)),
            ),
        )
        for area, items in sorted(behind.items())
    ]


def uncovered(coverage: Iterable[AreaCoverage], rules: OperationalRules = RULES) -> list[Alert]:
    """Areas at high risk (a spike, or many recent reports) with no active ambassador or
    relawan to carry the message."""
    return [
        Alert(
            area=c.area,
            kind=Kind.UNCOVERED,
            severity=Severity.HIGH if c.spiking else Severity.MEDIUM,
            records=(RecordRef("area", c.area, c.area),),
            facts=(("recent_reports", c.recent_reports),),
        )
        for c in coverage
        if c.active_members == 0 and (c.spiking or c.recent_reports >= rules.uncovered_min_reports)
    ]
