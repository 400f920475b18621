"""The timeline in words: each ``CaseEvent`` as a person reads it on a report's or a case's page.

An event's ``detail`` holds ids and codes only (never personal data), so what is shown here
is a label, the codes' own labels (a status, a decision, a channel, a service) and references
(L-, K-, R-) built from the ids. An action this module does not know is shown as its code,
so a new action is never hidden.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from sigap.cases import choices as c
from sigap.cases.models import Case, Referral, Report

LABELS = {
    "report.submitted": _("Report received"),
    "report.attached": _("Photo from the reporter attached"),
    "report.triaged": _("Triage decision"),
    "report.case_opened": _("Case opened from this report"),
    "report.merged": _("Added to a case"),
    "report.erased": _("Contents erased at the end of the retention period"),
    "message.received": _("Message from the reporter"),
    "message.sent": _("Message sent to the reporter"),
    "case.opened": _("Case opened"),
    "case.report_merged": _("Report added to the case"),
    "case.assigned": _("Case assigned"),
    "case.status": _("Status changed"),
    "case.details_updated": _("Case details updated"),
    "case.victim_added": _("Victim added"),
    "case.perpetrator_added": _("Suspect added"),
    "case.event_added": _("Event added"),
    "case.task_added": _("Task added"),
    "case.task_done": _("Task done"),
    "case.note_added": _("Note added"),
    "case.attachment_added": _("Attachment added"),
    "case.htcds_updated": _("HTCDS details updated"),
    "case.htcds_imported": _("Case imported from an HTCDS file"),
    "case.htcds_transferred": _("Case sent to another agency (HTCDS file)"),
    "consent.recorded": _("Consent recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "referral.created": _("Referral sent"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.done": _("Referral completed"),
    "referral.revoked": _("Referral revoked"),
    "referral.escalated": _("Referral overdue: escalated to the coordinator"),
    "service.planned": _("Service planned"),
    "service.delivered": _("Service delivered"),
}

# The codes in an event's detail that have a label of their own.
_CHOICES = {
    "channel": c.Channel,
    "decision": c.TraffickingStatus,
    "old": c.CaseStatus,
    "new": c.CaseStatus,
    "kind": c.ServiceKind,
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    label: str
    detail: str  # empty for a reader who does not handle the report or case
    actor: str  # empty then too, and when nobody did it (the system)


def entries(events, *, handler: bool) -> list[Entry]:
    """The events as ``Entry`` rows, in their order. ``handler``: whether the reader handles
    the report or case, and so may see who did each thing and the details (a decision, a
    status, a referral). Anyone else (the relawan who filed the report) sees what happened
    and when, nothing more."""
    return [
        Entry(
            at=event.at,
            label=label(event.action),
            detail=_detail(event.action, event.detail or {}) if handler else "",
            actor=event.actor.display_name if handler and event.actor_id else "",
        )
        for event in events
    ]


def label(action: str) -> str:
    """The action in words (in the active language); its code when it has no label."""
    return str(LABELS.get(action, action))


def _detail(action: str, detail: dict) -> str:
    parts = []
    if action == "case.status" and "old" in detail and "new" in detail:
        parts.append(f"{_label('old', detail['old'])} → {_label('new', detail['new'])}")
    else:
        parts += [
            _label(key, detail[key]) for key in ("channel", "decision", "kind") if detail.get(key)
        ]
    if action.startswith("referral.") and detail.get("id"):
        parts.append(Referral.reference_for(detail["id"]))
    if detail.get("override"):
        parts.append(str(_("without consent (override)")))
    if detail.get("case_id"):
        parts.append(Case.reference_for(detail["case_id"]))
    if detail.get("report_id"):
        parts.append(Report.reference_for(detail["report_id"]))
    return " · ".join(parts)


def _label(key: str, code: str) -> str:
    choices = _CHOICES[key]
    return str(choices(code).label) if code in choices.values else str(code)
