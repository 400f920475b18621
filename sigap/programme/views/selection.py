"""Selecting Duta Anti Trafficking at an event: nominations, the participants' vote (its
codes, stages and paper tally), the rubric, the decision and the result sheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.people.audit import audit_personal_read
from sigap.programme import actions, community_forms, exports, forms, visibility, voting
from sigap.programme.models import Nomination, Poll, Score
from sigap.programme.views.common import form_page


def selection(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    form = forms.NominateForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        actions.nomination_create(actor=request.user, **form.cleaned_data)
        return redirect("programme:selection", pk)
    audit_personal_read(actor=request.user, obj=event, reason="selection")
    poll, rows = voting.result(event)
    scores: dict = {}
    for nomination_id, criterion_id, value in Score.objects.filter(
        nomination__participant__event=event
    ).values_list("nomination_id", "criterion_id", "value"):
        scores.setdefault(nomination_id, {})[criterion_id] = value
    return render(
        request,
        "programme/selection.html",
        {
            "event": event,
            "form": form,
            "criteria": list(event.programme.criteria.all()),
            "poll": poll,
            "rows": [(row, scores.get(row.nomination.pk, {})) for row in rows],
            "open_form": community_forms.PollOpenForm(),
            "vote_url": request.build_absolute_uri(reverse("programme:vote")),
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


# The participatory part (voting.py) -----------------------------------------------------------


def _managed_poll(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    poll = Poll.objects.filter(event=event).first()
    if poll is None:
        raise Http404
    return event, poll


@require_POST
def poll_open(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    form = community_forms.PollOpenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["rubric_weight"])
        voting.poll_open(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("Nominations are open. Hand out the code slips."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("programme:selection", pk)


@require_POST
def poll_advance(request, pk):
    event, poll = _managed_poll(request, pk)
    try:
        voting.poll_advance(actor=request.user, poll=poll, stage=request.POST.get("stage", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("programme:selection", pk)


@require_POST
def nomination_answer(request, pk):
    item = Nomination.objects.filter(pk=pk).select_related("participant").first()
    if item is None:
        raise Http404
    event = visibility.access_event(request.user, item.participant.event_id, manage=True)
    try:
        voting.nomination_answer(
            actor=request.user, nomination=item, accepted=request.POST.get("accepted") == "1"
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("programme:selection", event.pk)


def paper_tally(request, pk):
    event, poll = _managed_poll(request, pk)
    candidates = voting.candidates(poll).select_related("participant")
    paper = poll.voters.filter(ballot="paper").values_list("participant__number", flat=True)
    initial = {"voters": ", ".join(str(n) for n in sorted(paper))}
    form = community_forms.PaperTallyForm(
        request.POST or None, candidates=candidates, initial=initial
    )

    def save(data):
        voting.paper_tally_record(
            actor=request.user, poll=poll, voter_numbers=data["voters"], counts=form.counts()
        )
        messages.success(request, _("The paper tally has been entered."))
        return redirect("programme:selection", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Enter the paper tally"),
        submit=_("Save the tally"),
        back=reverse("programme:selection", args=[pk]),
        intro=_(
            "Count the paper ballots with a witness, then enter who voted on paper and the "
            "votes each candidate received. Participants who voted by phone cannot vote on "
            "paper too."
        ),
    )


def code_slips(request, pk):
    """One slip per participant to cut and hand out: the codes must not lie on a shared sheet,
    or anyone could vote in another's name."""
    event, poll = _managed_poll(request, pk)
    audit_personal_read(actor=request.user, obj=event, reason="voting codes")
    voters = poll.voters.select_related("participant").order_by("participant__number")
    vote_url = request.build_absolute_uri(reverse("programme:vote"))
    return render(
        request,
        "programme/code_slips.html",
        {"event": event, "poll": poll, "voters": voters, "vote_url": vote_url},
    )


def _result(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    audit_personal_read(actor=request.user, obj=event, reason="selection result")
    poll, rows = voting.result(event)
    return event, poll, rows


def result_sheet(request, pk):
    event, poll, rows = _result(request, pk)
    context = {
        "event": event,
        "poll": poll,
        "rows": rows,
        "weight": poll.rubric_weight if poll else 100,
        "vote_weight": 100 - poll.rubric_weight if poll else 0,
        "phone_ballots": poll.voters.filter(ballot="phone").count() if poll else 0,
        "participants": event.participants.count(),
    }
    return render(request, "programme/result_sheet.html", context)


def result_export(request, pk, fmt):
    event, poll, rows = _result(request, pk)
    header, table = exports.result_table(poll, rows)
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(_("Selection result"), header, table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.to_csv(header, table), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="hasil-seleksi-{event.pk}.{fmt}"'
    return response
