"""The writes on one case, shared by its page and the API: each has one form that validates the
input (so both answer with the same messages) and one action that does the work."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sigap.cases import actions, forms, referral_actions
from sigap.cases.htcds.actions import case_update_htcds
from sigap.cases.htcds.forms import HtcdsDetailsForm
from sigap.people import access


@dataclass(frozen=True)
class CaseWrite:
    form: Callable  # (data, files, case) -> a bound form
    run: Callable  # (case, actor, cleaned_data) -> what was written
    success: str


def handlers(case):
    """The people who may be assigned the case: active members who handle its area."""
    users = get_user_model().objects.filter(memberships__isnull=False).distinct()
    ids = [u.pk for u in access.holders(users, "cases.handle", case.area_id)]
    return get_user_model().objects.filter(pk__in=ids)


CASE_WRITES: dict[str, CaseWrite] = {
    "status": CaseWrite(
        lambda data, files, case: forms.StatusForm(data),
        lambda case, actor, d: actions.case_transition(
            case=case, actor=actor, status=d["status"], reason=d["reason"]
        ),
        _("Status changed."),
    ),
    "assign": CaseWrite(
        lambda data, files, case: forms.AssignForm(data, handlers=handlers(case)),
        lambda case, actor, d: actions.case_assign(case=case, actor=actor, assignee=d["assignee"]),
        _("Case assigned."),
    ),
    "details": CaseWrite(
        lambda data, files, case: forms.CaseDetailsForm(data),
        lambda case, actor, d: actions.case_update_details(case=case, actor=actor, **d),
        _("Case details saved."),
    ),
    "htcds": CaseWrite(
        lambda data, files, case: HtcdsDetailsForm(data),
        lambda case, actor, d: case_update_htcds(case=case, actor=actor, **d),
        _("HTCDS details saved."),
    ),
    "victim": CaseWrite(
        lambda data, files, case: forms.VictimForm(data),
        lambda case, actor, d: actions.victim_add(case=case, actor=actor, **d),
        _("Victim added."),
    ),
    "perpetrator": CaseWrite(
        lambda data, files, case: forms.PerpetratorForm(data),
        lambda case, actor, d: actions.perpetrator_add(case=case, actor=actor, **d),
        _("Suspect added."),
    ),
    "event": CaseWrite(
        lambda data, files, case: forms.EventForm(data),
        lambda case, actor, d: actions.event_add(case=case, actor=actor, **d),
        _("Event added."),
    ),
    "task": CaseWrite(
        lambda data, files, case: forms.TaskForm(data),
        lambda case, actor, d: actions.task_add(case=case, actor=actor, assigned_to=actor, **d),
        _("Task added."),
    ),
    "note": CaseWrite(
        lambda data, files, case: forms.NoteForm(data),
        lambda case, actor, d: actions.note_add(case=case, actor=actor, body=d["body"]),
        _("Note added."),
    ),
    "attachment": CaseWrite(
        lambda data, files, case: forms.AttachmentForm(data, files),
        lambda case, actor, d: [
            actions.case_attach(case=case, actor=actor, clean=f) for f in d["files"]
        ],
        _("Attachment added."),
    ),
    "consent": CaseWrite(
        lambda data, files, case: forms.ConsentForm(data, case=case),
        lambda case, actor, d: referral_actions.consent_record(case=case, actor=actor, **d),
        _("Consent recorded."),
    ),
    "consent_withdraw": CaseWrite(
        lambda data, files, case: forms.ConsentWithdrawForm(data, case=case),
        lambda case, actor, d: referral_actions.consent_withdraw(consent=d["consent"], actor=actor),
        _("Withdrawal of consent recorded; open referrals on it were revoked."),
    ),
    "refer": CaseWrite(
        lambda data, files, case: forms.ReferralForm(data),
        lambda case, actor, d: referral_actions.case_refer(case=case, actor=actor, **d),
        _("Referral sent."),
    ),
    "service": CaseWrite(
        lambda data, files, case: forms.ServiceForm(data),
        lambda case, actor, d: referral_actions.service_plan(case=case, actor=actor, **d),
        _("Service planned."),
    ),
}
