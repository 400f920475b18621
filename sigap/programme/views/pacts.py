"""The Pakta Integritas: the list with fulfilment, recording a signed pact, one pact."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.people.audit import audit_personal_read
from sigap.programme import actions, forms, stats, uploads, visibility
from sigap.programme.views.common import form_page

COMMITMENT_LABELS = {
    "volunteers": "Membentuk relawan di tingkat kelurahan",
    "monitoring": "Melakukan monitoring di wilayah kelurahan",
    "conditions": "Melaporkan kondisi yang ada di wilayah kelurahan setiap periode",
}


def pacts(request, pk):
    programme = visibility.access_programme(request.user, pk)
    today = timezone.localdate()
    rows = (
        visibility.pacts_visible_to(request.user)
        .filter(programme=programme)
        .select_related("area", "programme")
        .prefetch_related("commitments", "signatories")
    )
    return render(
        request,
        "programme/pacts.html",
        {
            "programme": programme,
            "manage": visibility.can_manage(request.user, programme.area_id),
            "rows": [(pact, stats.pact_fulfilment(pact, today)) for pact in rows],
            "activity_definition": stats.ACTIVITY_DEFINITION,
        },
    )


def pact_create(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.PactForm(request.POST or None, request.FILES or None, actor=request.user)

    def save(data):
        pact = actions.pact_record(
            actor=request.user,
            programme=programme,
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
        return redirect("programme:pacts", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Record a Pakta Integritas"),
        submit=_("Save"),
        back=reverse("programme:pacts", args=[pk]),
        multipart=True,
    )


def pact_detail(request, pk):
    pact = visibility.access_pact(request.user, pk)
    audit_personal_read(actor=request.user, obj=pact, reason="pact signatories")
    return render(
        request,
        "programme/pact.html",
        {
            "pact": pact,
            "fulfilment": stats.pact_fulfilment(pact, timezone.localdate()),
            "signatories": pact.signatories.all(),
            "activity_definition": stats.ACTIVITY_DEFINITION,
        },
    )


def pact_document(request, pk):
    pact = visibility.access_pact(request.user, pk)
    if not pact.document:
        raise Http404
    return uploads.download(pact.document, pact.document_type, f"pakta-{pact.pk}")
