"""Every write of the cases app. Each action is keyword-only and atomic, writes a timeline row
(``CaseEvent``) and an audit row, and queues its notifications to run after commit. Invariants
are in each docstring; a broken one raises ``ActionError`` with a message for people."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases import access as case_access
from sigap.cases import choices as c
from sigap.cases import hashing, identifiers, risk, signals, uploads
from sigap.cases.indicators import INDICATORS
from sigap.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Identifier,
    Message,
    Note,
    Perpetrator,
    Report,
    Task,
    TraffickingEvent,
    Victim,
)
from sigap.notifications.actions import notify
from sigap.people import access
from sigap.people.audit import audit_record
from sigap.people.models import Membership, Role
from sigap.regions.models import Area, Level, ancestor_codes


class ActionError(ValueError):
    """A rule of the domain was broken; the message says what to do instead."""


def _event(*, actor, action, case=None, report=None, **detail) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, report=report, actor=actor, action=action, detail=detail
    )


def _members(*, roles, area_code: str, organisation=None):
    """Active members with one of ``roles`` whose area covers ``area_code``."""
    memberships = Membership.objects.active().filter(
        role__in=roles, area_id__in=ancestor_codes(area_code) + [area_code]
    )
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return [m.user for m in memberships.select_related("user")]


def _notify_later(**kwargs) -> None:
    # Recipients are resolved now, inside the transaction; sending waits for the commit.
    notify(**kwargs)


# ---------------------------------------------------------------------------- reports


class NotAdmitted(ActionError):
    """``report_submit``'s ``admit`` said no (a rate limit): nothing was stored."""


class AreaNotReportable(ActionError):
    """The report's area is not a kecamatan or kelurahan: nothing was stored."""


class AlreadyReceived(ActionError):
    """The same submission was filed before (a form posted twice, an outbox sending again):
    nothing new was stored; ``report`` is the first one and ``receipt`` its receipt code."""

    def __init__(self, report: Report | None, receipt: str):
        super().__init__(_("This report was already received."))
        self.report, self.receipt = report, receipt


class ReceivedOtherwise(AlreadyReceived):
    """The submission id was filed before with other content, or by someone else (``report``
    is then None): nothing new was stored."""


def report_submit(
    *,
    data: dict,
    files=(),
    channel: str,
    submitted_by=None,
    admit=None,
    submission: str = "",
    fingerprint: str = "",
) -> tuple[Report, str]:
    """File a report. Returns the report and, for an anonymous one, its receipt code, which is
    never stored: only its keyed hash is. An anonymous report keeps no trace of the sender.

    What the reporter gave is stored at once, encrypted, with its files, its timeline event and
    its audit row, in one transaction, or nothing is: if its area is not a kecamatan or
    kelurahan, ``AreaNotReportable``; if ``admit`` (a ``ratelimit.Hit``, counted last) says
    no, ``NotAdmitted`` and nothing is stored, but the refused hit still counts. What follows
    from it, its suspect identifiers, their links to other reports and the risk score's weight
    for a link, is completed by a task (``cases.tasks.report_complete``) enqueued on commit.

    ``submission``, the draft's submission id, files a report once: sent again, it raises
    ``AlreadyReceived`` with the first report and its receipt (derived from the id), or
    ``ReceivedOtherwise`` if ``fingerprint`` (sigap.lib.fingerprint; kept as a keyed hash)
    differs from the first one's."""
    keys = hashing.submission_keys(submission) if submission else []
    _already_received(keys, fingerprint, submitted_by)
    code = data["area"].code if data.get("area") is not None else data.get("area_id")
    if not code or not Area.objects.filter(code=code, level__gte=Level.DISTRICT).exists():
        raise AreaNotReportable(_("Give the code of a kecamatan or kelurahan as the area."))
    try:
        with transaction.atomic():
            report, receipt = _report_store(data, channel, submitted_by, keys[:1], fingerprint)
            # Counted after the report's rows, so that the counter's row (shared by everyone
            # behind one address) stays locked only until the commit; files are stored only
            # once the report is admitted.
            if admit is not None and not admit():
                raise _Refused
            for clean in files:
                _attach(report=report, clean=clean, actor=submitted_by)
    except _Refused:
        admit()  # nothing was stored, but the refused hit counts
        raise NotAdmitted(_("Too many reports from this connection; try again later."))
    except IntegrityError:
        # The same form posted twice at once: the other one won.
        _already_received(keys, fingerprint, submitted_by)
        raise
    return report, receipt


class _Refused(Exception):
    """Rolls the report back when the rate limit says no."""


def _already_received(keys: list[tuple[str, str]], fingerprint: str = "", sender=None) -> None:
    if not keys:
        return
    # Nearly always nothing is found: read only the columns the check needs (the encrypted
    # ones are read, and decrypted, only if a caller uses them).
    found = (
        Report.objects.filter(submission_hash__in=[h for h, _r in keys])
        .only("submission_hash", "is_anonymous", "submitted_by", "submission_fingerprint")
        .first()
    )
    if found is None:
        return
    receipt = dict(keys)[found.submission_hash] if found.is_anonymous else ""
    if found.submitted_by_id != getattr(sender, "pk", None):
        # Someone else's submission (a copied id): refused, and nothing of it is told.
        raise ReceivedOtherwise(None, "")
    stored = found.submission_fingerprint
    if stored and fingerprint and stored not in hashing.keyed_hashes("content", fingerprint):
        raise ReceivedOtherwise(found, receipt)
    raise AlreadyReceived(found, receipt)


def _report_store(data, channel, submitted_by, keys, fingerprint="") -> tuple[Report, str]:
    anonymous = submitted_by is None
    receipt = (keys[0][1] if keys else hashing.new_receipt()) if anonymous else ""
    report = Report.objects.create(
        channel=channel,
        is_anonymous=anonymous,
        receipt_hash=hashing.receipt_hash(receipt) if anonymous else None,
        submission_hash=keys[0][0] if keys else None,
        submission_fingerprint=hashing.keyed_hash("content", fingerprint) if fingerprint else "",
        submitted_by=submitted_by,
        **_scored(data, linked=False),
        **data,
    )
    _event(actor=submitted_by, action="report.submitted", report=report, channel=channel)
    audit_record(actor=submitted_by, action="report.submit", obj=report)
    transaction.on_commit(partial(_enqueue_completion, report.pk))
    return report, receipt


def _enqueue_completion(report_id: int) -> None:
    from sigap.cases.tasks import report_complete

    report_complete.enqueue(report_id)


def _scored(data, *, linked: bool) -> dict:
    scored = risk.score_report(
        indicators=data.get("indicators", []),
        destination=data.get("destination_country", ""),
        linked=linked,
    )
    return {
        "risk_score": scored.score,
        "risk_band": scored.band,
        "risk_reasons": scored.reasons,
        "rules_version": scored.version,
    }


def report_complete(*, report_id: int) -> bool:
    """Complete a filed report: store its suspect identifiers (normalised, keyed hashes) and,
    where one of them is known from an earlier report, add the link's weight to its risk
    score. Returns False if it was completed already (a task run twice changes nothing).

    Reading the identifiers out of the text and hashing them happens before the transaction,
    so that on SQLite the write lock is held only for the writes."""
    report = Report.objects.filter(pk=report_id, processed_at__isnull=True).first()
    if report is None:
        return False
    found = _identifiers(report.suspect, report.suspect_identifiers)
    with transaction.atomic():
        if not Report.objects.filter(pk=report_id, processed_at__isnull=True).update(
            processed_at=timezone.now()
        ):
            return False  # another worker completed it meanwhile
        linked = Identifier.objects.filter(value_hash__in=found).exists()
        Identifier.objects.bulk_create(
            Identifier(report_id=report_id, kind=kind, value_hash=value_hash, hint=hint)
            for value_hash, (kind, hint) in found.items()
        )
        scored = _scored(
            {"indicators": report.indicators, "destination_country": report.destination_country},
            linked=linked,
        )
        Report.objects.filter(pk=report_id).update(**scored)
    return True


def reports_process(*, limit: int = 100, older_than: timedelta | None = None) -> int:
    """Complete the reports not completed yet, oldest first (the demo, tests, and the hourly
    sweep for a report whose task was lost: ``older_than`` leaves the newest to their own
    task). Returns how many were completed."""
    pending = Report.objects.filter(processed_at__isnull=True)
    if older_than is not None:
        pending = pending.filter(created_at__lt=timezone.now() - older_than)
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:limit])
    return sum(report_complete(report_id=pk) for pk in ids)


def _identifiers(suspect: str, suspect_identifiers: str) -> dict:
    """{keyed hash: (kind, hint)} of the suspect's identifiers in a report."""
    rows = {}
    for kind, value in identifiers.extract(" \n".join([suspect_identifiers, suspect])):
        rows[hashing.keyed_hash("identifier", f"{kind}:{value}")] = (
            kind, identifiers.hint(kind, value)
        )  # fmt: skip
    return rows


def report_submit_signed(
    *, user, area_code: str, data: dict, channel: str, submission: str = "", fingerprint: str = ""
) -> Report:
    """A signed report through the API: the same checks the signed-report page makes. With
    ``submission`` (and ``fingerprint``) it files once, as ``report_submit`` says."""
    if not access.can(user, "reports.submit"):
        raise ActionError(_("Your role cannot file reports."))
    if not case_access.can_file_in(user, area_code):  # docs/decisions/0010
        raise ActionError(case_access.outside_message())
    if set(data.get("indicators", [])) - set(INDICATORS):
        raise ActionError(_("Use only the indicator keys of the report form."))
    data = {**data, "area_id": area_code}
    report, _code = report_submit(
        data=data,
        channel=channel,
        submitted_by=user,
        submission=submission,
        fingerprint=fingerprint,
    )
    return report


def _attach(*, clean, actor, report=None, case=None) -> Attachment:
    return Attachment.objects.create(
        report=report,
        case=case,
        content_type=clean.content_type,
        size=len(clean.content),
        sha256=clean.sha256,
        storage_name=uploads.store(clean.content),
        uploaded_by=actor,
    )


@transaction.atomic
def report_attach(*, report: Report, clean) -> Attachment | None:
    """A file the reporter sends after filing (a photo by message, fetched from the provider
    later): attached like the form's files; None for an erased report, which keeps none."""
    if report.erased_at:
        return None
    attachment = _attach(report=report, clean=clean, actor=None)
    _event(actor=None, action="report.attached", report=report)
    return attachment


def linked_reports(report: Report):
    """Other reports sharing a suspect identifier with this one, in any area."""
    hashes = report.identifiers.values("value_hash")
    return (
        Report.objects.filter(identifiers__value_hash__in=hashes).exclude(pk=report.pk).distinct()
    )


@transaction.atomic
def report_triage(*, report: Report, actor, decision: str, note: str = "") -> Report:
    """Record the triage decision (HTCDS vic_TraffickingStatus). Only a handler of the area,
    and not on a report whose contents were erased."""
    _require(case_access.can_triage(actor, report))
    _require_not_erased(report)
    report.decision, report.decision_note = decision, note
    report.triaged_by, report.triaged_at = actor, timezone.now()
    report.save(update_fields=["decision", "decision_note", "triaged_by", "triaged_at"])
    _event(actor=actor, action="report.triaged", report=report, decision=decision)
    audit_record(actor=actor, action="report.triage", obj=report, detail={"decision": decision})
    return report


def _require_not_erased(report: Report) -> None:
    if report.erased_at:
        raise ActionError(
            _(
                "This report's contents were erased at the end of its retention period; "
                "file a new report if there is something new."
            )
        )


# What identifies anyone in a report: erased at the end of the retention period.
_ERASED_FIELDS = {
    "place": "",
    "what": "",
    "people_ages": "",
    "suspect": "",
    "suspect_identifiers": "",
    "destination_city": "",
    "contact": "",
    "contact_mask": "",
    "decision_note": "",
}


def reports_erase_expired(*, now=None, dry_run: bool = False) -> list[int]:
    """Erase what identifies anyone in each report judged not to be trafficking, in no case,
    whose decision is older than ``SIGAP_REPORT_RETENTION_DAYS``: its texts
    (``_ERASED_FIELDS``), attachments
    (files too), messages and identifiers (so it links to nothing). What statistics need
    stays: area, dates, channel, counts, indicators, destination country, decision, score.
    The receipt still shows the reporter the stage. Returns the reports' ids (with
    ``dry_run``, those that would be erased, and nothing changes). One transaction per report,
    so a failure leaves every report whole or erased."""
    days = settings.SIGAP_REPORT_RETENTION_DAYS
    now = now or timezone.now()
    due = Report.objects.filter(
        decision=c.TraffickingStatus.NOT_A_VICTIM,
        case__isnull=True,
        erased_at__isnull=True,
        triaged_at__lt=now - timedelta(days=days),
    ).order_by("pk")
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return ids
    for pk in ids:
        _erase(pk, now, days)
    return ids


@transaction.atomic
def _erase(pk: int, now, days: int) -> None:
    report = Report.objects.select_for_update().get(pk=pk)
    if report.erased_at or report.case_id:  # changed since it was listed
        return
    files = list(report.attachments.values_list("storage_name", flat=True))
    report.attachments.all().delete()
    report.messages.all().delete()
    report.identifiers.all().delete()
    Report.objects.filter(pk=pk).update(**_ERASED_FIELDS, erased_at=now)
    signals.report_erased.send(sender=Report, report=report)
    _event(actor=None, action="report.erased", report=report, days=days)
    audit_record(actor=None, action="report.erase", obj=report, detail={"days": days})
    # The files go once the rows are gone for good.
    transaction.on_commit(lambda: [uploads.delete(name) for name in files])


def _require(allowed: bool) -> None:
    if not allowed:
        raise ActionError(_("You are not allowed to do this for this area."))


@transaction.atomic
def message_from_reporter(*, report: Report, body: str) -> Message:
    """The anonymous reporter writes; handlers are told there is a message, not what it says."""
    message = Message.objects.create(report=report, from_reporter=True, body=body)
    _event(actor=None, action="message.received", report=report)
    recipients = [report.case.assigned_to] if report.case_id and report.case.assigned_to else []
    recipients = recipients or _members(roles=[Role.CASE_WORKER], area_code=report.area_id)
    _notify_later(
        recipients=recipients,
        kind="cases.message",
        subject=_("New message from a reporter on %(ref)s") % {"ref": report.reference},
        link=reverse("cases:report", args=[report.pk]),
        obj=report,
    )
    return message


@transaction.atomic
def message_to_reporter(*, report: Report, actor, body: str) -> Message:
    _require(case_access.can_triage(actor, report))
    message = Message.objects.create(report=report, from_reporter=False, author=actor, body=body)
    _event(actor=actor, action="message.sent", report=report)
    audit_record(actor=actor, action="report.message", obj=report)
    signals.message_to_reporter.send(sender=Report, report=report, message=message)
    return message


# ---------------------------------------------------------------------------- cases


@transaction.atomic
def case_open(*, report: Report, actor) -> Case:
    """Open a case from a triaged report; the report's decision becomes the case's status."""
    _require(case_access.can_triage(actor, report))
    if report.case_id:
        raise ActionError(_("This report already belongs to case %(ref)s.") % {"ref": report.case})
    _require_not_erased(report)
    if report.decision in ("", c.TraffickingStatus.NOT_A_VICTIM):
        raise ActionError(
            _("Record a triage decision of possible or actual victim before opening a case.")
        )
    case = Case.objects.create(
        area=report.area,
        trafficking_status=report.decision,
        summary=report.what,
        recruitment_apps=report.recruitment_apps,
        destination_country=report.destination_country,
        assigned_to=actor,
        opened_by=actor,
    )
    report.case = case
    report.save(update_fields=["case"])
    _event(actor=actor, action="case.opened", case=case, report_id=report.pk)
    _event(actor=actor, action="report.case_opened", report=report, case_id=case.pk)
    audit_record(actor=actor, action="case.open", obj=case, detail={"report": report.pk})
    return case


@transaction.atomic
def case_merge(*, report: Report, case: Case, actor) -> Case:
    """Attach a report to an existing case of the same handler's area (a duplicate or a new
    lead on a known case)."""
    _require(case_access.can_triage(actor, report) and case_access.can_handle_case(actor, case))
    if report.case_id:
        raise ActionError(_("This report already belongs to case %(ref)s.") % {"ref": report.case})
    _require_not_erased(report)
    report.case, report.merged_into_case = case, True
    report.save(update_fields=["case", "merged_into_case"])
    _event(actor=actor, action="case.report_merged", case=case, report_id=report.pk)
    _event(actor=actor, action="report.merged", report=report, case_id=case.pk)
    audit_record(actor=actor, action="case.merge", obj=case, detail={"report": report.pk})
    return case


@transaction.atomic
def case_assign(*, case: Case, actor, assignee) -> Case:
    _require(case_access.can_handle_case(actor, case))
    if not case_access.can_handle_case(assignee, case):
        raise ActionError(_("That person does not handle cases in this area."))
    case.assigned_to = assignee
    case.save(update_fields=["assigned_to", "updated_at"])
    _event(actor=actor, action="case.assigned", case=case, assignee=assignee.pk)
    audit_record(actor=actor, action="case.assign", obj=case, detail={"assignee": assignee.pk})
    _notify_later(
        recipients=[assignee],
        kind="cases.assigned",
        subject=_("Case %(ref)s was assigned to you") % {"ref": case.reference},
        link=reverse("cases:case", args=[case.pk]),
        obj=case,
    )
    return case


@transaction.atomic
def case_transition(*, case: Case, actor, status: str, reason: str = "") -> Case:
    """Move along new → assessment → case plan → services → closed / closed-referred; a closed
    case may only reopen (to assessment). Closing needs a reason."""
    _require(case_access.can_handle_case(actor, case))
    if status not in c.CASE_TRANSITIONS[case.status]:
        raise ActionError(
            _("A case in status “%(old)s” cannot move to “%(new)s”.")
            % {"old": case.get_status_display(), "new": c.CaseStatus(status).label}
        )
    closing = status in c.CLOSED_STATUSES
    if closing and not reason.strip():
        raise ActionError(_("Write the reason for closing the case."))
    old, case.status = case.status, status
    case.closed_at = timezone.now() if closing else None
    if closing:
        case.closure_reason = reason
    case.save(update_fields=["status", "closed_at", "closure_reason", "updated_at"])
    _event(actor=actor, action="case.status", case=case, old=old, new=status)
    audit_record(actor=actor, action="case.status", obj=case, detail={"old": old, "new": status})
    return case


@transaction.atomic
def case_update_details(*, case: Case, actor, **picklists) -> Case:
    """Exploitation types, methods of control, recruitment methods (HTCDS picklists)."""
    _require(case_access.can_handle_case(actor, case))
    allowed = {"exploitation_types", "methods_of_control", "recruitment_methods"}
    for field, values in picklists.items():
        if field not in allowed:
            raise TypeError(f"not a picklist field: {field}")
        setattr(case, field, list(values))
    case.save(update_fields=[*picklists, "updated_at"])
    _event(actor=actor, action="case.details_updated", case=case)
    audit_record(actor=actor, action="case.details", obj=case)
    return case


def _case_write(action: str, model, *, case: Case, actor, **fields):
    """The shared shape of the small case writes (victim, perpetrator, event, task, note)."""
    _require(case_access.can_handle_case(actor, case))
    row = model.objects.create(case=case, **fields)
    _event(actor=actor, action=action, case=case, id=row.pk)
    audit_record(actor=actor, action=action, obj=case, detail={"id": row.pk})
    return row


@transaction.atomic
def victim_add(*, case: Case, actor, **fields) -> Victim:
    fields.setdefault("trafficking_status", case.trafficking_status)
    return _case_write("case.victim_added", Victim, case=case, actor=actor, **fields)


@transaction.atomic
def perpetrator_add(*, case: Case, actor, **fields) -> Perpetrator:
    return _case_write("case.perpetrator_added", Perpetrator, case=case, actor=actor, **fields)


@transaction.atomic
def event_add(*, case: Case, actor, **fields) -> TraffickingEvent:
    return _case_write("case.event_added", TraffickingEvent, case=case, actor=actor, **fields)


@transaction.atomic
def task_add(*, case: Case, actor, **fields) -> Task:
    task = _case_write("case.task_added", Task, case=case, actor=actor, **fields)
    if task.assigned_to and task.assigned_to != actor:
        _notify_later(
            recipients=[task.assigned_to],
            kind="cases.task",
            subject=_("A task on case %(ref)s was assigned to you") % {"ref": case.reference},
            link=reverse("cases:case", args=[case.pk]),
            obj=case,
        )
    return task


@transaction.atomic
def task_done(*, task: Task, actor) -> Task:
    _require(case_access.can_handle_case(actor, task.case))
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    _event(actor=actor, action="case.task_done", case=task.case, id=task.pk)
    return task


@transaction.atomic
def note_add(*, case: Case, actor, body: str) -> Note:
    return _case_write("case.note_added", Note, case=case, actor=actor, author=actor, body=body)


@transaction.atomic
def case_attach(*, case: Case, actor, clean) -> Attachment:
    _require(case_access.can_handle_case(actor, case))
    attachment = _attach(case=case, clean=clean, actor=actor)
    _event(actor=actor, action="case.attachment_added", case=case, id=attachment.pk)
    audit_record(actor=actor, action="case.attach", obj=case, detail={"id": attachment.pk})
    return attachment
