"""The warning run and an alert's lifecycle: baru → ditindaklanjuti → selesai / diabaikan."""

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.alerts import feed
from sigap.alerts.models import SEVERITY_ORDER, Alert, Kind, Status
from sigap.notifications.actions import notify
from sigap.people.models import Membership, Role
from sigap.warning import networks, operational, spikes
from sigap.warning.model import Alert as Found
from sigap.warning.networks import Edge

MAX_RECORDS = 60
MAX_EDGES = 200
COMMUNITY = {Role.AMBASSADOR, Role.RELAWAN, Role.FKDM}
# Who hears of a new alert of each kind, among the people whose areas hold its area.
SUBSCRIBERS = {
    Kind.SPIKE: {Role.COORDINATOR, Role.OFFICIAL, Role.ANALYST} | COMMUNITY,
    Kind.NETWORK: {Role.COORDINATOR, Role.CASE_WORKER},
    Kind.CONDITION_MISSING: {Role.COORDINATOR, Role.OFFICIAL},
    Kind.REFERRAL_OVERDUE: {Role.COORDINATOR, Role.CASE_WORKER},
    Kind.PACT_BEHIND: {Role.COORDINATOR, Role.OFFICIAL},
    Kind.UNCOVERED: {Role.COORDINATOR, Role.OFFICIAL},
}


@dataclass
class RunSummary:
    cutoff: datetime
    judged_week: str
    created: int = 0
    joined: int = 0
    seconds: float = 0.0
    by_kind: Counter = field(default_factory=Counter)


def find_alerts(cutoff: datetime) -> tuple[list[tuple[Found, tuple[Edge, ...]]], feed.Window]:
    """Everything the engine finds at ``cutoff``, read from the database; stores nothing."""
    win = feed.window(cutoff)
    today = timezone.localdate(cutoff)
    found: list[tuple[Found, tuple[Edge, ...]]] = []
    for series in feed.report_series(win) + feed.post_series(win):
        alert = spikes.detect(series)
        if alert is not None:
            found.append((alert, ()))
    for series in feed.condition_series(today):
        alert = spikes.detect(series, feed.PERIOD_RULES)
        if alert is not None:
            found.append((alert, ()))
    found += networks.clusters(feed.sightings())
    spiking = {a.area for a, _ in found if a.kind == Kind.SPIKE}
    for alert in (
        operational.missing_conditions(feed.due_reports(today), today)
        + operational.overdue_referrals(feed.overdue_referrals(today), today)
        + operational.pacts_behind(feed.commitments(), today)
        + operational.uncovered(feed.coverage(win, spiking))
    ):
        found.append((alert, ()))
    return found, win


def warning_run(*, cutoff: datetime | None = None) -> RunSummary:
    """Run the engine over every area and store what it finds: a new alert for an area, kind
    and key with none open, else the open one takes the new evidence (one open alert each).
    Subscribers hear of new alerts only, after the transaction commits. Safe to repeat."""
    started = time.perf_counter()
    cutoff = cutoff or timezone.now()
    found, win = find_alerts(cutoff)
    summary = RunSummary(cutoff, win.judged.isoformat())
    with transaction.atomic():
        new = _store(found, cutoff, summary)
        _notify(new)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _store(found, cutoff: datetime, summary: RunSummary) -> list[Alert]:
    open_alerts = {
        (a.area_id or "", a.kind, a.key): a for a in Alert.objects.open().select_for_update()
    }
    new, joined = [], []
    for result, edges in found:
        key = result.measure if result.kind == Kind.SPIKE else result.key
        values = _values(result, edges, cutoff)
        summary.by_kind[result.kind] += 1
        alert = open_alerts.get((result.area, result.kind, key))
        if alert is None:
            new.append(Alert(area_id=result.area or None, kind=result.kind, key=key, **values))
            continue
        if SEVERITY_ORDER[alert.severity] > SEVERITY_ORDER[values["severity"]]:
            values["severity"] = alert.severity
        for name, value in values.items():
            if name != "first_seen_at":
                setattr(alert, name, value)
        alert.times_seen += 1
        joined.append(alert)
    created = Alert.objects.bulk_create(new, batch_size=1000)
    fields = ["severity", "facts", "counts", "records", "edges", "cutoff", "times_seen"]
    Alert.objects.bulk_update(joined, fields, batch_size=1000)
    summary.created, summary.joined = len(created), len(joined)
    return created


def _values(result: Found, edges: tuple[Edge, ...], cutoff: datetime) -> dict:
    facts: dict = dict(result.facts)
    if result.spike is not None:
        evidence = result.spike
        facts.update(
            observed=evidence.observed,
            expected=round(evidence.expected, 2),
            threshold=round(evidence.threshold, 2),
            method=evidence.method,
            last_4=evidence.last_4,
        )
    return {
        "severity": result.severity,
        "facts": facts,
        "counts": list(result.counts),
        "records": [[r.kind, r.id, r.area] for r in result.records[:MAX_RECORDS]],
        "edges": [
            [e.identifier, e.label, [e.record.kind, e.record.id, e.record.area]]
            for e in edges[:MAX_EDGES]
        ],
        "cutoff": cutoff,
        "first_seen_at": cutoff,
    }


def _notify(alerts: list[Alert]) -> None:
    """Each new alert to the subscribed roles whose membership area holds the alert's area:
    the alert's reference, kind and a link; never what it is about."""
    if not alerts:
        return
    members = list(
        Membership.objects.active()
        .filter(role__in=set().union(*SUBSCRIBERS.values()))
        .select_related("user")
        .only("role", "area_id", "user")
    )
    for alert in alerts:
        code = alert.area_id or ""
        roles = SUBSCRIBERS[alert.kind]
        recipients = [
            m.user
            for m in members
            if m.role in roles and code and (code == m.area_id or code.startswith(m.area_id + "."))
        ]
        if recipients:
            notify(
                recipients=recipients,
                kind="alert.new",
                subject=_("Early warning %(ref)s: %(kind)s")
                % {"ref": alert.reference, "kind": alert.get_kind_display()},
                link=reverse("alerts:detail", args=[alert.pk]),
                obj=alert,
            )


@transaction.atomic
def alert_acknowledge(*, user, alert: Alert) -> Alert:
    """baru → ditindaklanjuti: someone has taken it on. Acknowledging twice changes nothing."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == Status.NEW:
        alert.status, alert.acted_by, alert.acted_at = Status.ACTING, user, timezone.now()
        alert.save(update_fields=["status", "acted_by", "acted_at"])
    return alert


@transaction.atomic
def alert_close(*, user, alert: Alert, status: str, reason: str = "") -> Alert:
    """An open alert → selesai, or diabaikan with a reason (ValueError without one). A later
    run that finds the same again opens a new alert."""
    if status not in (Status.DONE, Status.DISMISSED):
        raise ValueError(_("An alert closes as done or dismissed."))
    if status == Status.DISMISSED and not reason.strip():
        raise ValueError(_("Say why the alert is dismissed."))
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if not alert.is_open:
        raise ValueError(_("This alert is already closed."))
    alert.status, alert.reason = status, reason.strip()[:300]
    alert.closed_by, alert.closed_at = user, timezone.now()
    if alert.acted_by is None:
        alert.acted_by, alert.acted_at = user, alert.closed_at
    alert.save(update_fields=["status", "reason", "closed_by", "closed_at", "acted_by", "acted_at"])
    return alert
