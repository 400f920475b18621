"""Referrals: an agency's inbox, one referral's page, and the agency's answers."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.cases import access as case_access
from sigap.cases import referral_actions
from sigap.cases.forms import CompleteForm, ReasonForm
from sigap.cases.views.common import private, run_posted
from sigap.people.audit import audit_personal_read


def referrals(request):
    visible = case_access.referrals_visible_to(request.user).select_related(
        "organisation", "case", "case__area"
    )
    context = {
        "open": visible.open()[:300],
        "closed": visible.exclude(pk__in=visible.open().values("pk")).order_by("-created_at")[:50],
        "today": timezone.localdate(),
    }
    return render(request, "cases/referrals.html", context)


def referral_detail(request, pk):
    """What the agency needs: the referral, and the victims' details it was given consent to
    see (or an override). Each read of a victim's record is audited."""
    referral = case_access.access_referral(request.user, pk)
    case = referral.case
    responder = case_access.can_respond(request.user, referral)
    show_victims = responder or case_access.can_handle_case(request.user, case)
    show_victims = show_victims and case_access.sees_names(request.user, case.area_id)
    victims = list(case.victims.all()) if show_victims else []
    audit_personal_read(
        actor=request.user,
        obj=referral,
        reason="referral.view",
        detail={"victims": [v.pk for v in victims]},
    )
    context = {
        "referral": referral,
        "case": case,
        "victims": victims,
        "responder": responder,
        "handler": case_access.can_handle_case(request.user, case),
        "today": timezone.localdate(),
        "reason_form": ReasonForm(),
        "complete_form": CompleteForm(),
    }
    return private(render(request, "cases/referral_detail.html", context))


@require_POST
def referral_post(request, pk, action):
    referral = case_access.access_referral(request.user, pk)
    user = request.user
    table = {
        "accept": (ReasonForm, lambda d: referral_actions.referral_accept(
            referral=referral, actor=user), _("Referral accepted.")),
        "decline": (ReasonForm, lambda d: referral_actions.referral_decline(
            referral=referral, actor=user, reason=d["reason"]), _("Referral declined.")),
        "complete": (CompleteForm, lambda d: referral_actions.referral_complete(
            referral=referral, actor=user, **d), _("Service recorded as delivered.")),
        "revoke": (ReasonForm, lambda d: referral_actions.referral_revoke(
            referral=referral, actor=user, reason=d["reason"]), _("Referral revoked.")),
    }  # fmt: skip
    if action not in table:
        raise Http404("no such action")
    form_class, run, success = table[action]
    back = reverse("cases:referral", args=[pk])
    return run_posted(request, form_class(request.POST), run, success, back)
