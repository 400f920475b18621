"""Case lists and one case's page, where every write is a small posted form."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.cases import access as case_access
from sigap.cases import actions, forms, referral_actions, timeline
from sigap.cases import choices as c
from sigap.cases.htcds.forms import HtcdsDetailsForm
from sigap.cases.models import Task
from sigap.cases.views.common import private, run_posted
from sigap.cases.writes import CASE_WRITES, handlers
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


def case_detail(request, pk):
    case = case_access.access_case(request.user, pk)
    victims = list(case.victims.all())
    show_names = case_access.sees_names(request.user, case.area_id)
    # One row for the page view; the victims shown with it go in as ids.
    audit_personal_read(
        actor=request.user,
        obj=case,
        reason="case.view",
        detail={"victims": [v.pk for v in victims]},
    )
    context = {
        "case": case,
        "victims": victims,
        "show_names": show_names,
        "today": timezone.localdate(),
        "owed": case.services.owed().select_related("provider"),
        "services": case.services.select_related("provider", "referral"),
        "referrals": case.referrals.select_related("organisation"),
        "consent": referral_actions.current_consent(case),
        "withdrawn": case.consents.filter(withdrawn_at__isnull=False).first(),
        "can_override": case_access.can_override_consent(request.user, case.area_id),
        "transitions": [(s, c.CaseStatus(s).label) for s in c.CASE_TRANSITIONS[case.status]],
        "forms": _forms(case),
        "timeline": timeline.entries(case.timeline.select_related("actor"), handler=True),
    }
    return private(render(request, "cases/case_detail.html", context))


def _forms(case):
    return {
        "status": forms.StatusForm(),
        "assign": forms.AssignForm(
            handlers=handlers(case), initial={"assignee": case.assigned_to_id}
        ),
        "details": forms.CaseDetailsForm(
            initial={
                "exploitation_types": case.exploitation_types,
                "methods_of_control": case.methods_of_control,
                "recruitment_methods": case.recruitment_methods,
            }
        ),
        "htcds": HtcdsDetailsForm(initial=HtcdsDetailsForm.initial_for(case)),
        "victim": forms.VictimForm(),
        "perpetrator": forms.PerpetratorForm(),
        "event": forms.EventForm(),
        "task": forms.TaskForm(),
        "note": forms.NoteForm(),
        "attachment": forms.AttachmentForm(),
        "consent": forms.ConsentForm(case=case),
        "consent_withdraw": forms.ConsentWithdrawForm(case=case),
        "referral": forms.ReferralForm(),
        "service": forms.ServiceForm(),
    }


@require_POST
def case_post(request, pk, action):
    case = case_access.access_case(request.user, pk)
    write = CASE_WRITES.get(action)
    if write is None:
        raise Http404("no such action")
    form = write.form(request.POST, request.FILES, case)
    run = lambda d: write.run(case, request.user, d)  # noqa: E731
    return run_posted(request, form, run, str(write.success), reverse("cases:case", args=[pk]))


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
    run = lambda d: referral_actions.service_deliver(  # noqa: E731
        service=service, actor=request.user, delivered_on=d["delivered_on"], note=d["note"]
    )
    return run_posted(request, forms.CompleteForm(request.POST), run, _("Service recorded."), back)
