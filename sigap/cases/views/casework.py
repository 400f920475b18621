"""Case lists and one case's page, where every write is a small posted form."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.cases import access as case_access
from sigap.cases import actions, forms
from sigap.cases import choices as c
from sigap.cases.models import Task
from sigap.cases.views.common import private, run_posted
from sigap.people.audit import audit_personal_read


def cases(request):
    visible = case_access.cases_visible_to(request.user).select_related("area", "assigned_to")
    status = request.GET.get("status", "open")
    listed = visible.open() if status == "open" else visible.filter(status=status)
    context = {
        "cases": listed[:300],
        "status": status,
        "statuses": c.CaseStatus.choices,
        "mine": visible.open().assigned_to(request.user).count(),
    }
    return render(request, "cases/cases.html", context)


def _handlers(case):
    users = get_user_model().objects.filter(is_active=True, memberships__isnull=False).distinct()
    return [u for u in users if case_access.can_handle_case(u, case)]


def case_detail(request, pk):
    case = case_access.access_case(request.user, pk)
    victims = list(case.victims.all())
    show_names = case_access.sees_names(request.user, case.area_id)
    audit_personal_read(actor=request.user, obj=case, reason="case.view")
    for victim in victims:
        audit_personal_read(
            actor=request.user, obj=victim, area_code=case.area_id, reason="case.view"
        )
    ids = [u.pk for u in _handlers(case)]
    context = {
        "case": case,
        "victims": victims,
        "show_names": show_names,
        "today": timezone.localdate(),
        "owed": case.services.owed().select_related("provider"),
        "services": case.services.select_related("provider", "referral"),
        "referrals": case.referrals.select_related("organisation"),
        "consent": actions.current_consent(case),
        "can_override": case_access.can_override_consent(request.user, case.area_id),
        "transitions": [(s, c.CaseStatus(s).label) for s in c.CASE_TRANSITIONS[case.status]],
        "forms": _forms(case, ids),
    }
    return private(render(request, "cases/case_detail.html", context))


def _forms(case, handler_ids):
    handlers = get_user_model().objects.filter(pk__in=handler_ids)
    return {
        "status": forms.StatusForm(),
        "assign": forms.AssignForm(handlers=handlers, initial={"assignee": case.assigned_to_id}),
        "details": forms.CaseDetailsForm(
            initial={
                "exploitation_types": case.exploitation_types,
                "methods_of_control": case.methods_of_control,
                "recruitment_methods": case.recruitment_methods,
            }
        ),
        "victim": forms.VictimForm(),
        "perpetrator": forms.PerpetratorForm(),
        "event": forms.EventForm(),
        "task": forms.TaskForm(),
        "note": forms.NoteForm(),
        "attachment": forms.AttachmentForm(),
        "consent": forms.ConsentForm(case=case),
        "referral": forms.ReferralForm(),
        "service": forms.ServiceForm(),
    }


def _table(request, case):
    user = request.user
    handlers = get_user_model().objects.filter(pk__in=[u.pk for u in _handlers(case)])
    return {
        "status": (forms.StatusForm(request.POST), lambda d: actions.case_transition(
            case=case, actor=user, status=d["status"], reason=d["reason"]),
            _("Status changed.")),
        "assign": (forms.AssignForm(request.POST, handlers=handlers), lambda d:
                   actions.case_assign(case=case, actor=user, assignee=d["assignee"]),
                   _("Case assigned.")),
        "details": (forms.CaseDetailsForm(request.POST), lambda d: actions.case_update_details(
            case=case, actor=user, **d),
                    _("Case details saved.")),
        "victim": (forms.VictimForm(request.POST), lambda d: actions.victim_add(
            case=case, actor=user, **d), _("Victim added.")),
        "perpetrator": (forms.PerpetratorForm(request.POST), lambda d: actions.perpetrator_add(
            case=case, actor=user, **d), _("Suspect added.")),
        "event": (forms.EventForm(request.POST), lambda d: actions.event_add(
            case=case, actor=user, **d), _("Event added.")),
        "task": (forms.TaskForm(request.POST), lambda d: actions.task_add(
            case=case, actor=user, assigned_to=user, **d), _("Task added.")),
        "note": (forms.NoteForm(request.POST), lambda d: actions.note_add(
            case=case, actor=user, body=d["body"]), _("Note added.")),
        "attachment": (forms.AttachmentForm(request.POST, request.FILES), lambda d: [
            actions.case_attach(case=case, actor=user, clean=f) for f in d["files"]],
            _("Attachment added.")),
        "consent": (forms.ConsentForm(request.POST, case=case), lambda d: actions.consent_record(
            case=case, actor=user, **d), _("Consent recorded.")),
        "refer": (forms.ReferralForm(request.POST), lambda d: actions.case_refer(
            case=case, actor=user, **d), _("Referral sent.")),
        "service": (forms.ServiceForm(request.POST), lambda d: actions.service_plan(
            case=case, actor=user, **d), _("Service planned.")),
    }  # fmt: skip


@require_POST
def case_post(request, pk, action):
    case = case_access.access_case(request.user, pk)
    table = _table(request, case)
    if action not in table:
        raise Http404("no such action")
    form, run, success = table[action]
    return run_posted(request, form, run, success, reverse("cases:case", args=[pk]))


@require_POST
def task_done(request, pk, task_id):
    case = case_access.access_case(request.user, pk)
    task = get_object_or_404(Task, pk=task_id, case=case)
    form = forms.ReasonForm(request.POST)
    back = reverse("cases:case", args=[pk])
    return run_posted(request, form, lambda d: actions.task_done(task=task, actor=request.user),
                      _("Task done."), back)  # fmt: skip


@require_POST
def service_done(request, pk, service_id):
    case = case_access.access_case(request.user, pk)
    service = get_object_or_404(case.services, pk=service_id)
    back = reverse("cases:case", args=[pk])
    run = lambda d: actions.service_deliver(  # noqa: E731
        service=service, actor=request.user, delivered_on=d["delivered_on"], note=d["note"]
    )
    return run_posted(request, forms.CompleteForm(request.POST), run, _("Service recorded."), back)
