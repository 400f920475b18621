"""Writing to the append-only audit log.

Audit rows carry ids, action names and area codes, never personal data: no names, phone
numbers, usernames typed at the sign-in form, passwords or codes. ``detail`` is for small
technical facts (a role name, a count, a TOTP time step).
"""

import csv
import json
from datetime import UTC

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.people.models import AuditEvent
from sigap.regions.models import Area, prefix_bounds

# Keys that would carry personal data or secrets; ``detail`` refuses them outright.
FORBIDDEN_KEYS = frozenset(
    {
        "name",
        "username",
        "email",
        "phone",
        "address",
        "password",
        "code",
        "token",
        "secret",
        "narrative",
        "ip",
        "nik",
    }
)


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id="",
    area_code: str = "",
    reason: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit row. ``obj`` fills the object type, id and (when it has one) area."""
    detail = detail or {}
    _check_detail(detail)
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
        area_code = area_code or getattr(obj, "area_id", "") or ""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        area_code=area_code,
        reason=reason[:300],
        detail=detail,
    )


def audit_personal_read(
    *, actor, obj, reason: str = "", area_code: str = "", detail: dict | None = None
) -> AuditEvent:
    """Record that ``actor`` opened a record holding personal data (a case, a report...).

    Call it once per view that shows it, before rendering: the records shown with it (a case's
    victims) go in ``detail`` as ids, so one page view is one row.
    """
    return audit_record(
        actor=actor,
        action="personal.read",
        obj=obj,
        area_code=area_code,
        reason=reason,
        detail=detail,
    )


def _check_detail(detail: dict) -> None:
    """Refuse keys that name personal data and long free text, which could hold it."""
    for key, value in detail.items():
        if key.lower() in FORBIDDEN_KEYS:
            raise ValueError(f"audit detail may not hold {key!r}")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str) and len(item) > 64:
                raise ValueError(f"audit detail {key!r} is too long to be an id or a label")


def filter_audit(events, filters: dict):
    """Narrow audit rows by the audit page's filters (action prefix, area, dates, actor)."""
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"].strip())
    if filters.get("object_type"):
        events = events.filter(object_type=filters["object_type"].strip())
    if filters.get("area"):
        low, high = prefix_bounds(filters["area"])
        events = events.filter(
            Q(area_code=filters["area"]) | Q(area_code__gt=low, area_code__lt=high)
        )
    if filters.get("actor"):
        events = events.filter(actor__username__iexact=filters["actor"].strip())
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    return events


CSV_HEADER = [
    "at_utc",
    "action",
    "actor_id",
    "actor_username",
    "object_type",
    "object_id",
    "area_code",
    "reason",
    "detail",
]


def _cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_csv_rows(events):
    """CSV lines, streamed: an export of the whole log must not be built in memory."""
    buffer = _Echo()
    writer = csv.writer(buffer)
    yield writer.writerow(CSV_HEADER)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(v)
                for v in (
                    event.at.astimezone(UTC).isoformat(),
                    event.action,
                    event.actor_id,
                    event.actor.username if event.actor else "",
                    event.object_type,
                    event.object_id,
                    event.area_code,
                    event.reason,
                    json.dumps(event.detail, sort_keys=True),
                )
            ]
        )


class _Echo:
    def write(self, value):
        return value


# What the audit page shows instead of codes. Actions and reasons not listed fall back to the
# label of their family (the part before the dot) with the code beside it.
ACTION_LABELS = {
    "personal.read": _("Opened personal data"),
    "login.success": _("Signed in"),
    "login.failure": _("Failed sign-in"),
    "login.lockout": _("Account locked after failed sign-ins"),
    "login.refused_locked": _("Sign-in refused: account locked"),
    "login.throttled": _("Sign-in refused: too many attempts"),
    "logout": _("Signed out"),
    "password.change": _("Changed the password"),
    "user.create": _("Created an account"),
    "user.change": _("Changed an account"),
    "user.deactivate": _("Deactivated an account"),
    "membership.grant": _("Gave a role"),
    "membership.change": _("Changed a role"),
    "membership.revoke": _("Ended a role"),
    "membership.delete": _("Deleted a role"),
    "token.create": _("Created an API token"),
    "token.revoke": _("Revoked an API token"),
    "message_link.link": _("Linked a chat for notices by message"),
    "message_link.unlink": _("Unlinked the chat for notices by message"),
    "audit.export": _("Downloaded the audit log"),
    "report.submit": _("Report received"),
    "report.triage": _("Triaged a report"),
    "report.message": _("Sent a message to a reporter"),
    "report.erase": _("Erased a report's personal data"),
    "case.open": _("Opened a case"),
    "case.merge": _("Merged a report into a case"),
    "case.assign": _("Assigned a case"),
    "case.status": _("Changed a case's status"),
    "case.details": _("Changed a case's details"),
    "case.attach": _("Added an attachment to a case"),
    "consent.record": _("Recorded consent"),
    "consent.withdraw": _("Recorded a withdrawal of consent"),
    "referral.create": _("Referred a case to an agency"),
    "cases.export_htcds": _("Exported cases (HTCDS)"),
    "cases.export_public": _("Exported public statistics"),
    "programme.vote_cast": _("A participant voted"),
    "programme.poll_open": _("Opened nominations by the participants"),
    "programme.paper_tally": _("Entered the paper tally"),
}
FAMILY_LABELS = {
    "login": _("Sign-in"),
    "user": _("Account"),
    "membership": _("Role"),
    "token": _("API token"),
    "organisation": _("Organisation"),
    "report": _("Report"),
    "case": _("Case"),
    "cases": _("Cases"),
    "consent": _("Consent"),
    "referral": _("Referral"),
    "service": _("Service"),
    "programme": _("Programme"),
    "refugees": _("Refugee task force"),
    "task": _("Background task"),
}
REASON_LABELS = {
    "case.view": _("viewing the case"),
    "api.case.view": _("viewing the case (API)"),
    "referral.view": _("viewing the referral"),
    "report.view": _("viewing the report"),
    "api.report.view": _("viewing the report (API)"),
    "htcds.transfer": _("sending the case to an agency"),
    "participant list": _("participant list"),
    "participant list (API)": _("participant list (API)"),
    "participant export": _("participant export"),
    "attendance sheet": _("printed attendance sheet"),
    "member registry": _("member registry"),
    "selection": _("selection"),
    "selection result": _("selection result"),
    "voting codes": _("voting code slips"),
    "stakeholder register": _("stakeholder register"),
    "outreach export": _("outreach export"),
}
OBJECT_LABELS = {
    "case": _("case"),
    "victim": _("victim"),
    "report": _("report"),
    "referral": _("referral"),
    "attachment": _("attachment"),
    "user": _("account"),
    "membership": _("role"),
    "organisation": _("organisation"),
    "programme": _("programme"),
    "event": _("event"),
    "participant": _("participant"),
    "member": _("community member"),
    "pact": _("pact"),
    "poll": _("participants' vote"),
    "nomination": _("nomination"),
    "stakeholder": _("stakeholder"),
    "conditionreport": _("condition report"),
    "outreach": _("outreach session"),
}


def action_label(code: str) -> tuple[str, bool]:
    """(label, exact): the action in words; ``exact`` is False for a family's label, which the
    page shows with the code beside it."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code]), True
    family = FAMILY_LABELS.get(code.partition(".")[0])
    return (str(family), False) if family else (code, True)


def reason_label(reason: str) -> str:
    if reason.startswith("attachment.view:"):
        return str(_("viewing an attachment"))
    return str(REASON_LABELS.get(reason, reason))


def object_label(object_type: str) -> str:
    return str(OBJECT_LABELS.get(object_type, object_type))


def labelled(events) -> list[dict]:
    """The audit page's rows: each event with its action, reason, object and area in words
    (one query for the page's area names)."""
    events = list(events)
    names = dict(
        Area.objects.filter(code__in={e.area_code for e in events if e.area_code}).values_list(
            "code", "name"
        )
    )
    rows = []
    for event in events:
        label, exact = action_label(event.action)
        rows.append(
            {
                "event": event,
                "action": label,
                "code": "" if exact else event.action,
                "reason": reason_label(event.reason),
                "object": object_label(event.object_type),
                "area": names.get(event.area_code, event.area_code),
            }
        )
    return rows
