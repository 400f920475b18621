"""Selecting Duta Anti Trafficking at an event: nominations, the rubric and the decision."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from sigap.people.audit import audit_personal_read
from sigap.programme import actions, forms, visibility
from sigap.programme.models import Nomination


def selection(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    form = forms.NominateForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        actions.nomination_create(actor=request.user, **form.cleaned_data)
        return redirect("programme:selection", pk)
    audit_personal_read(actor=request.user, obj=event, reason="selection")
    nominations = (
        Nomination.objects.filter(participant__event=event)
        .select_related("participant")
        .prefetch_related("scores")
    )
    criteria = list(event.programme.criteria.all())
    return render(
        request,
        "programme/selection.html",
        {
            "event": event,
            "form": form,
            "criteria": criteria,
            "rows": [
                (
                    n,
                    {s.criterion_id: s.value for s in n.scores.all()},
                    sum(s.value for s in n.scores.all()),
                )
                for n in nominations
            ],
        },
    )


def nomination(request, pk):
    item = Nomination.objects.filter(pk=pk).select_related("participant").first()
    if item is None:
        raise Http404
    event = visibility.access_event(request.user, item.participant.event_id, manage=True)
    criteria = list(event.programme.criteria.all())
    existing = {f"c{s.criterion_id}": s.value for s in item.scores.all()}
    post = request.POST if request.method == "POST" else None
    score_form = forms.RubricScoreForm(
        post if "score" in (post or {}) else None, criteria=criteria, initial=existing
    )
    decision = forms.DecisionForm(post if "decide" in (post or {}) else None, actor=request.user)
    if score_form.is_bound and score_form.is_valid():
        try:
            actions.nomination_score(
                actor=request.user, nomination=item, values=score_form.values()
            )
            return redirect("programme:selection", event.pk)
        except ValidationError as error:
            score_form.add_error(None, error)
    if decision.is_bound and decision.is_valid():
        done = _decide(request, decision, item)
        if done is not None:
            return done
    return render(
        request,
        "programme/nomination.html",
        {
            "event": event,
            "nomination": item,
            "score_form": score_form,
            "decision": decision,
        },
    )


def _decide(request, form, item):
    data = form.cleaned_data
    try:
        member, password = actions.nomination_decide(
            actor=request.user,
            nomination=item,
            selected=data["decision"] == "selected",
            reason=data["reason"],
            area=data["area"],
            term_starts=data["term_starts"],
            term_ends=data["term_ends"],
            appointment_letter=data["appointment_letter"],
            username=data["username"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if password:
        return render(
            request,
            "programme/account_created.html",
            {"member": member, "password": password, "event": item.participant.event},
        )
    return redirect("programme:selection", item.participant.event_id)
