"""Consent, referrals to agencies and the services a case is owed: the actions that change
them (the rest of a case's actions are in ``sigap.cases.actions``)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases import access as case_access
from sigap.cases import choices as c
from sigap.cases import workdays
from sigap.cases.actions import ActionError, _event, _members, _notify_later, _require
from sigap.cases.models import Case, Consent, Referral, Service, Victim
from sigap.notifications.models import Notification
from sigap.people.audit import audit_record
from sigap.people.models import Role

DEFAULT_REFERRAL_DAYS = 3  # working days an agency has to answer


# ---------------------------------------------------------------------------- consent, referrals


@transaction.atomic
def consent_record(
    *,
    case: Case,
    victim: Victim,
    actor,
    given_by: str,
    for_services: bool,
    for_disclosure: bool,
    guardian_name: str = "",
) -> Consent:
    """Record consent. For a child victim only a parent or guardian can give it."""
    _require(case_access.can_handle_case(actor, case))
    if victim.case_id != case.pk:
        raise ActionError(_("That victim does not belong to this case."))
    if victim.is_child and given_by != c.ConsentGiver.GUARDIAN:
        raise ActionError(
            _(
                "The victim is a child: consent must come from a parent or guardian. Record the "
                "guardian's consent instead."
            )
        )
    if given_by == c.ConsentGiver.GUARDIAN and not guardian_name.strip():
        raise ActionError(_("Write the name of the parent or guardian who gave consent."))
    consent = Consent.objects.create(
        case=case,
        victim=victim,
        given_by=given_by,
        guardian_name=guardian_name,
        for_services=for_services,
        for_disclosure=for_disclosure,
        recorded_by=actor,
    )
    _event(actor=actor, action="consent.recorded", case=case, id=consent.pk,
           services=for_services, disclosure=for_disclosure)  # fmt: skip
    audit_record(actor=actor, action="consent.record", obj=case, detail={"id": consent.pk})
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor) -> list[Referral]:
    """Record that the victim (or guardian) withdrew a consent (UU 27/2022, art. 9). Referrals
    still open on it are revoked and their undelivered services cancelled; the agencies and
    the case worker are told. Returns the referrals revoked. A new referral needs new consent
    (or a coordinator's override)."""
    case = consent.case
    _require(case_access.can_handle_case(actor, case))
    if consent.withdrawn_at is not None:
        raise ActionError(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    revoked = list(
        case.referrals.filter(consent=consent, status__in=c.OPEN_REFERRAL_STATUSES)
        .select_related("organisation", "case")
        .select_for_update(of=("self",))
    )
    for referral in revoked:
        _respond(referral, actor, c.ReferralStatus.REVOKED, _("Consent withdrawn."),
                 c.OPEN_REFERRAL_STATUSES)  # fmt: skip
        referral.services.filter(delivered_on__isnull=True).update(cancelled=True)
        _notify_later(
            recipients=_members(
                roles=[Role.FOCAL_POINT], area_code=case.area_id, organisation=referral.organisation
            ),
            kind="cases.referral_revoked",
            subject=_("Referral %(ref)s was revoked") % {"ref": referral.reference},
            link=reverse("cases:referral", args=[referral.pk]),
            obj=referral,
        )
    _event(actor=actor, action="consent.withdrawn", case=case, id=consent.pk,
           referrals_revoked=[r.pk for r in revoked])  # fmt: skip
    audit_record(actor=actor, action="consent.withdraw", obj=case, detail={"id": consent.pk})
    return revoked


def current_consent(case: Case) -> Consent | None:
    return next((k for k in case.consents.all() if k.allows_referral), None)


def check_deadline(deadline, today=None) -> None:
    """A referral deadline must be a future working day; the message names the holiday."""
    today = today or timezone.localdate()
    if deadline <= today:
        raise ActionError(_("The deadline must be after today."))
    holiday = workdays.holiday_name(deadline)
    if holiday or deadline.weekday() >= 5:
        suggestion = workdays.add_working_days(deadline, 1)
        reason = (
            _("%(date)s is a public holiday or cuti bersama (%(name)s).")
            % {"date": deadline.isoformat(), "name": holiday}
            if holiday
            else _("%(date)s is a weekend day.") % {"date": deadline.isoformat()}
        )
        raise ActionError(
            reason
            + " "
            + _("Choose a working day, for example %(next)s.") % {"next": suggestion.isoformat()}
        )


@transaction.atomic
def case_refer(
    *,
    case: Case,
    actor,
    organisation,
    service: str,
    deadline=None,
    details: str = "",
    override_reason: str = "",
) -> Referral:
    """Refer a case to an agency. Needs the recorded consent of the victim (or a child's
    guardian) to services and disclosure, or an override with a reason by a permitted role.
    The deadline is in working days; the default is three."""
    _require(case_access.can_handle_case(actor, case))
    consent = current_consent(case)
    if consent is None:
        if not override_reason.strip():
            raise ActionError(
                _(
                    "No consent is recorded for this case. Record the victim's (or guardian's) "
                    "consent first, or ask a coordinator to refer with a reason."
                )
            )
        if not case_access.can_override_consent(actor, case.area_id):
            raise ActionError(_("Only a coordinator or administrator may refer without consent."))
    deadline = deadline or workdays.add_working_days(timezone.localdate(), DEFAULT_REFERRAL_DAYS)
    check_deadline(deadline)
    referral = Referral.objects.create(
        case=case,
        organisation=organisation,
        service=service,
        details=details,
        deadline=deadline,
        consent=consent,
        override_reason="" if consent else override_reason,
        referred_by=actor,
    )
    Service.objects.create(case=case, kind=service, provider=organisation, referral=referral)
    _event(actor=actor, action="referral.created", case=case, id=referral.pk,
           organisation=organisation.pk, override=consent is None)  # fmt: skip
    audit_record(actor=actor, action="referral.create", obj=case,
                 detail={"referral": referral.pk, "override": consent is None})  # fmt: skip
    _notify_later(
        recipients=_members(
            roles=[Role.FOCAL_POINT], area_code=case.area_id, organisation=organisation
        ),
        kind="cases.referral",
        subject=_("New referral %(ref)s for your agency") % {"ref": referral.reference},
        link=reverse("cases:referral", args=[referral.pk]),
        obj=referral,
    )
    return referral


def _respond(referral: Referral, actor, status: str, reason: str, allowed_from) -> Referral:
    if referral.status not in allowed_from:
        raise ActionError(
            _("This referral is “%(status)s” and cannot change that way.")
            % {"status": referral.get_status_display()}
        )
    referral.status, referral.response_reason = status, reason
    referral.responded_by, referral.responded_at = actor, timezone.now()
    referral.save(update_fields=["status", "response_reason", "responded_by", "responded_at"])
    _event(actor=actor, action=f"referral.{status}", case=referral.case, id=referral.pk)
    audit_record(actor=actor, action=f"referral.{status}", obj=referral,
                 area_code=referral.case.area_id)  # fmt: skip
    return referral


def _tell_referrer(referral: Referral, subject: str) -> None:
    _notify_later(
        recipients=[referral.referred_by, referral.case.assigned_to],
        kind="cases.referral_response",
        subject=subject % {"ref": referral.reference},
        link=reverse("cases:case", args=[referral.case_id]),
        obj=referral,
    )


@transaction.atomic
def referral_accept(*, referral: Referral, actor) -> Referral:
    _require(case_access.can_respond(actor, referral))
    _respond(referral, actor, c.ReferralStatus.ACCEPTED, "", {c.ReferralStatus.PENDING})
    _tell_referrer(referral, _("Referral %(ref)s was accepted"))
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, actor, reason: str) -> Referral:
    _require(case_access.can_respond(actor, referral))
    if not reason.strip():
        raise ActionError(_("Write why your agency declines this referral."))
    _respond(referral, actor, c.ReferralStatus.DECLINED, reason, {c.ReferralStatus.PENDING})
    referral.services.filter(delivered_on__isnull=True).update(cancelled=True)
    _tell_referrer(referral, _("Referral %(ref)s was declined"))
    return referral


@transaction.atomic
def referral_complete(*, referral: Referral, actor, delivered_on=None, note: str = "") -> Referral:
    """The agency records the service delivered; the case's owed list shrinks accordingly."""
    _require(case_access.can_respond(actor, referral))
    _respond(referral, actor, c.ReferralStatus.DONE, "", {c.ReferralStatus.ACCEPTED})
    delivered_on = delivered_on or timezone.localdate()
    referral.services.filter(delivered_on__isnull=True).update(delivered_on=delivered_on, note=note)
    _tell_referrer(referral, _("Referral %(ref)s was completed"))
    return referral


@transaction.atomic
def referral_revoke(*, referral: Referral, actor, reason: str) -> Referral:
    _require(case_access.can_handle_case(actor, referral.case))
    if not reason.strip():
        raise ActionError(_("Write why the referral is revoked."))
    open_states = {c.ReferralStatus.PENDING, c.ReferralStatus.ACCEPTED}
    _respond(referral, actor, c.ReferralStatus.REVOKED, reason, open_states)
    referral.services.filter(delivered_on__isnull=True).update(cancelled=True)
    return referral


@transaction.atomic
def referrals_escalate_overdue(*, today=None) -> list[Referral]:
    """Tell the coordinators of each overdue referral's area, once per referral."""
    overdue = list(
        Referral.objects.overdue(today).filter(escalated_at__isnull=True).select_related("case")
    )
    for referral in overdue:
        referral.escalated_at = timezone.now()
        referral.save(update_fields=["escalated_at"])
        _event(actor=None, action="referral.escalated", case=referral.case, id=referral.pk)
        recipients = _members(roles=[Role.COORDINATOR], area_code=referral.case.area_id)
        _notify_later(
            recipients=recipients + [referral.referred_by] + _agency(referral),
            kind="cases.overdue",
            subject=_("Referral %(ref)s is overdue") % {"ref": referral.reference},
            link=reverse("cases:referral", args=[referral.pk]),
            obj=referral,
        )
    return overdue


def _agency(referral: Referral) -> list:
    """The focal points of the agency a referral went to (those who must answer it)."""
    return _members(
        roles=[Role.FOCAL_POINT],
        area_code=referral.case.area_id,
        organisation=referral.organisation,
    )


@transaction.atomic
def referrals_remind_due(*, today=None) -> list[Referral]:
    """Tell the agency of each pending referral due on the next working day, once per
    referral: a referral already reminded (its notification exists) is left alone, so the
    daily run may repeat, and a Friday's, Saturday's and Sunday's runs remind of Monday once."""
    today = today or timezone.localdate()
    due = workdays.add_working_days(today, 1)
    pending = Referral.objects.filter(
        status=c.ReferralStatus.PENDING, deadline__gt=today, deadline__lte=due
    )
    referrals = list(pending.select_related("case", "organisation"))
    reminded = set(
        Notification.objects.filter(
            kind="cases.referral_due",
            object_type="referral",
            object_id__in=[str(r.pk) for r in referrals],
        ).values_list("object_id", flat=True)
    )
    referrals = [r for r in referrals if str(r.pk) not in reminded]
    for referral in referrals:
        _notify_later(
            recipients=_agency(referral),
            kind="cases.referral_due",
            subject=_("Referral %(ref)s must be answered by %(date)s")
            % {"ref": referral.reference, "date": referral.deadline.isoformat()},
            link=reverse("cases:referral", args=[referral.pk]),
            obj=referral,
        )
    return referrals


# ---------------------------------------------------------------------------- services


@transaction.atomic
def service_plan(*, case: Case, actor, kind: str, provider=None, planned_on=None,
                 victim=None) -> Service:  # fmt: skip
    _require(case_access.can_handle_case(actor, case))
    service = Service.objects.create(
        case=case, kind=kind, provider=provider, planned_on=planned_on, victim=victim
    )
    _event(actor=actor, action="service.planned", case=case, id=service.pk, kind=kind)
    audit_record(actor=actor, action="service.plan", obj=case, detail={"id": service.pk})
    return service


@transaction.atomic
def service_deliver(*, service: Service, actor, delivered_on=None, note: str = "") -> Service:
    allowed = case_access.can_handle_case(actor, service.case) or (
        service.referral_id is not None and case_access.can_respond(actor, service.referral)
    )
    _require(allowed)
    service.delivered_on = delivered_on or timezone.localdate()
    service.note = note
    service.save(update_fields=["delivered_on", "note"])
    _event(actor=actor, action="service.delivered", case=service.case, id=service.pk)
    audit_record(actor=actor, action="service.deliver", obj=service.case,
                 detail={"id": service.pk})  # fmt: skip
    return service
