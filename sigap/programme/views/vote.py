"""The participants' own page at a selection: public, but nothing happens without the event's
code and the participant's personal code (voting.py says why one code cannot vote twice).

The page keeps no session: each form carries the two codes again. Requests are small (a few
hundred bytes), so a larger body is refused before it is read; callers are rate-limited by a
short-lived HMAC of their address (many phones share a venue's Wi-Fi, hence a generous figure),
and wrong codes are counted per caller and per event code, so codes cannot be guessed.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sigap.people import ratelimit
from sigap.programme import community_forms, voting
from sigap.programme.models import Poll

MAX_BODY = 2048
# name -> (requests allowed, window in seconds)
LIMITS = {"page": (600, 600), "wrong": (20, 600), "wrong_event": (60, 600)}


def _limit(name):
    allowed, window = getattr(settings, "SIGAP_RATE_LIMITS", {}).get(f"vote_{name}", LIMITS[name])
    return int(allowed), int(window)


def _too_many(request):
    response = render(request, "programme/vote_wait.html", status=429)
    response["Retry-After"] = "600"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return HttpResponse(_("This request is too large."), status=413)
    if not ratelimit.allow(request, "programme:vote", *_limit("page")):
        return _too_many(request)
    if request.method == "GET":
        initial = {"event_code": voting.normalise_code(request.GET.get("kode", ""))}
        return _enter(request, community_forms.VoterForm(initial=initial))
    form = community_forms.VoterForm(request.POST)
    if not form.is_valid():
        return _enter(request, form, status=400)
    event_code = voting.normalise_code(form.cleaned_data["event_code"])
    voter = voting.voter_find(event_code, form.cleaned_data["personal_code"])
    if voter is None:
        allowed, window = _limit("wrong")
        over = not ratelimit.allow(request, "programme:vote_wrong", allowed, window)
        allowed, window = _limit("wrong_event")
        over |= ratelimit.count("programme:vote_event", event_code, window) > allowed
        if over:
            return _too_many(request)
        form.add_error(None, _("These codes do not match. Check both codes and try again."))
        return _enter(request, form, status=400)
    return _ballot(request, voter, form)


def _enter(request, form, status=200):
    return render(request, "programme/vote_enter.html", {"form": form}, status=status)


def _ballot(request, voter, form):
    notice, error = _act(request.POST, voter)
    poll = voter.poll
    own = getattr(voter.participant, "nomination", None)
    context = {
        "voter": voter,
        "poll": poll,
        "codes": form.cleaned_data,
        "notice": notice,
        "error": error,
        "own": own,
        "participants": poll.event.participants.order_by("number").only("number", "name"),
        "candidates": voting.candidates(poll).select_related("participant"),
    }
    return render(request, "programme/vote.html", context, status=400 if error else 200)


def _act(post, voter) -> tuple[str, str]:
    """Carry out what the participant pressed, if anything: (notice, error)."""
    action = post.get("do", "")
    try:
        if action == "nominate" and post.get("candidate", "").isdigit():
            voting.peer_nominate(voter=voter, candidate_number=int(post["candidate"][:6]))
            return _("Thank you. Your nomination has been recorded."), ""
        if action in ("accept", "decline") and hasattr(voter.participant, "nomination"):
            voting.nomination_answer(
                actor=None,
                voter=voter,
                nomination=voter.participant.nomination,
                accepted=action == "accept",
            )
            return _("Thank you. Your answer has been recorded."), ""
        if action == "vote" and post.get("candidate", "").isdigit():
            voting.vote_cast(voter=voter, nomination_id=int(post["candidate"][:9]))
            voter.ballot = "phone"
            return _("Thank you. Your vote has been recorded; no one can see whom you chose."), ""
    except ValidationError as error:
        return "", error.messages[0]
    if action and voter.poll.stage != Poll.Stage.CLOSED:
        return "", _("Choose one of the names, then press the button.")
    return "", ""
