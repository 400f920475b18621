"""The community's stakeholders: the register, who came to a rakor or audiensi, what each
committed to, and the pact signed at an audiensi. The register shows representatives' contact
details, so it is for coordinators only and every view of it is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.people.audit import audit_personal_read
from sigap.programme import community_forms, forms, stakeholders, visibility
from sigap.programme.models import EventKind, StakeholderCommitment
from sigap.programme.views.common import form_page
from sigap.programme.views.pacts import COMMITMENT_LABELS


def register(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    audit_personal_read(actor=request.user, obj=programme, reason="stakeholder register")
    rows = programme.stakeholders.select_related("area").prefetch_related(
        "attendance__event", "commitments"
    )
    return render(
        request,
        "programme/stakeholders.html",
        {"programme": programme, "stakeholders": rows},
    )


def stakeholder_add(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = community_forms.StakeholderForm(request.POST or None, actor=request.user)

    def save(data):
        stakeholders.stakeholder_add(actor=request.user, programme=programme, **data)
        return redirect("programme:stakeholders", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Add a stakeholder"),
        submit=_("Save"),
        back=reverse("programme:stakeholders", args=[pk]),
    )


def _stakeholder_event(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    if event.kind not in stakeholders.STAKEHOLDER_EVENTS:
        raise Http404
    return event


def event_attendance(request, pk):
    event = _stakeholder_event(request, pk)
    present = dict(event.stakeholders.values_list("stakeholder_id", "attended_by"))
    form = community_forms.StakeholderAttendanceForm(
        request.POST or None,
        stakeholders=event.programme.stakeholders.all(),
        present=present,
    )

    def save(data):
        n = stakeholders.stakeholder_attendance_set(
            actor=request.user, event=event, present=form.present()
        )
        messages.success(request, _("%(n)d stakeholders present.") % {"n": n})
        return redirect("programme:event", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Stakeholders present"),
        submit=_("Save"),
        back=reverse("programme:event", args=[pk]),
        intro=_("Tick each organisation that came; name who came if not its usual representative."),
    )


def commitment_add(request, pk):
    event = _stakeholder_event(request, pk)
    form = community_forms.StakeholderCommitmentForm(
        request.POST or None, stakeholders=event.programme.stakeholders.all()
    )

    def save(data):
        stakeholders.stakeholder_commit(actor=request.user, event=event, **data)
        return redirect("programme:event", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Record a stakeholder's commitment"),
        submit=_("Save"),
        back=reverse("programme:event", args=[pk]),
    )


@require_POST
def commitment_done(request, pk):
    item = StakeholderCommitment.objects.filter(pk=pk).select_related("stakeholder").first()
    if item is None:
        raise Http404
    visibility.access_programme(request.user, item.stakeholder.programme_id, manage=True)
    try:
        stakeholders.stakeholder_commitment_done(
            actor=request.user, item=item, done_on=timezone.localdate()
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    back = reverse("programme:event", args=[item.event_id]) if item.event_id else None
    return redirect(back or reverse("programme:stakeholders", args=[item.stakeholder.programme_id]))


def audiensi_pact(request, pk):
    event = _stakeholder_event(request, pk)
    if event.kind != EventKind.AUDIENSI:
        raise Http404
    initial = {"signed_on": event.starts_on}
    form = forms.PactForm(
        request.POST or None, request.FILES or None, actor=request.user, initial=initial
    )

    def save(data):
        pact = stakeholders.audiensi_pact_record(
            actor=request.user,
            event=event,
            area=data["area"],
            signed_on=data["signed_on"],
            signatories=data["signatories"],
            document=data["document"],
            commitments=form.commitment_rows(COMMITMENT_LABELS),
            notes=data["notes"],
        )
        messages.success(
            request,
            _("The pact of %(area)s has been recorded.") % {"area": pact.area.display_name},
        )
        return redirect("programme:event", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Record a pact signed at this audiensi"),
        submit=_("Save"),
        back=reverse("programme:event", args=[pk]),
        multipart=True,
    )
