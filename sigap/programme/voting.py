"""Participatory selection of Duta Anti Trafficking: the event's poll, its codes, peer
nominations, the candidates' answers, votes by phone and the paper tally, and the result that
combines the votes with the rubric (docs/programme.md, "Participatory selection").

One person, one vote: each participant holds one personal code; casting a vote flips their
``Voter.ballot`` from empty to "phone" in one conditional UPDATE, and a paper ballot is counted
only for participants the facilitator names, who then cannot vote by phone. Votes are secret:
a vote adds one to the candidate's counter and nothing records who chose whom.
"""

import secrets
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils.translation import gettext as _

from sigap.people import access
from sigap.people.audit import audit_record
from sigap.programme.models import CommunityRole, Nomination, Participant, Poll, Voter

# No 0/O, 1/I/L: codes are read off paper and typed on a phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
STAGES = [Poll.Stage.NOMINATING, Poll.Stage.VOTING, Poll.Stage.CLOSED]


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a person typed (spaces, dashes, lower case) as a stored code."""
    return "".join(c for c in typed.upper()[:20] if c in ALPHABET)


def _require(actor, area_code: str) -> None:
    if actor is not None and not access.can(actor, "programme.manage", area_code):
        raise PermissionDenied("outside the actor's scope")


def _audit(actor, action: str, obj, area_code: str, **detail) -> None:
    audit_record(
        actor=actor, action=f"programme.{action}", obj=obj, area_code=area_code, detail=detail
    )


# The facilitator ------------------------------------------------------------------------------


@transaction.atomic
def poll_open(*, actor, event, rubric_weight: int = 50) -> Poll:
    """Open nominations at ``event``: an event code, and a personal code for every participant
    registered (and, through ``voter_add``, for everyone registered later)."""
    _require(actor, event.area_id)
    if not 0 <= rubric_weight <= 100:
        raise ValidationError(_("The rubric's weight is a percentage from 0 to 100."))
    if Poll.objects.filter(event=event).exists():
        raise ValidationError(_("Nominations are already open for this event."), code="open")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                poll = Poll.objects.create(
                    event=event, code=new_code(), rubric_weight=rubric_weight
                )
            break
        except IntegrityError:  # the code is taken by another event
            continue
    else:
        raise RuntimeError("no free event code after five tries")
    for participant in event.participants.all():
        voter_add(poll, participant)
    _audit(actor, "poll_open", poll, event.area_id, weight=rubric_weight)
    return poll


def voter_add(poll: Poll, participant: Participant) -> Voter:
    """A personal code for ``participant``, unique within the poll."""
    taken = set(poll.voters.values_list("code", flat=True))
    code = new_code()
    while code in taken:
        code = new_code()
    return Voter.objects.create(poll=poll, participant=participant, code=code)


@transaction.atomic
def poll_advance(*, actor, poll: Poll, stage: str) -> None:
    """Move the poll forward: nominations, then voting, then closed. Never back: a vote cast
    must not meet a changed list of candidates."""
    _require(actor, poll.event.area_id)
    if stage not in STAGES or STAGES.index(stage) <= STAGES.index(poll.stage):
        raise ValidationError(_("The poll can only move forward."), code="stage")
    if stage == Poll.Stage.VOTING and not candidates(poll).exists():
        raise ValidationError(
            _("No candidate has accepted a nomination yet. Record their answers first."),
            code="no_candidates",
        )
    poll.stage = stage
    poll.save(update_fields=["stage"])
    _audit(actor, "poll_advance", poll, poll.event.area_id, stage=stage)


def candidates(poll: Poll):
    """The nominations that stand in the vote: accepted, at the poll's event."""
    return Nomination.objects.filter(participant__event=poll.event_id, accepted=True)


@transaction.atomic
def nomination_answer(*, actor, nomination: Nomination, accepted: bool, voter=None) -> None:
    """The candidate accepts or declines, on their own phone (``voter`` is theirs) or telling
    the facilitator (``actor``). Answers can change until voting opens."""
    event = nomination.participant.event
    if voter is None:
        _require(actor, event.area_id)
    elif voter.participant_id != nomination.participant_id:
        raise PermissionDenied("only the candidate answers their nomination")
    poll = Poll.objects.filter(event=event).first()
    if poll is not None and poll.stage != Poll.Stage.NOMINATING:
        raise ValidationError(_("Voting has started; answers can no longer change."))
    nomination.accepted = accepted
    nomination.save(update_fields=["accepted"])
    _audit(actor, "nomination_answer", nomination, event.area_id, accepted=accepted)


@transaction.atomic
def paper_tally_record(*, actor, poll: Poll, voter_numbers: list[int], counts: dict) -> None:
    """The paper ballots, entered once by the facilitator: who voted on paper (participant
    numbers, so that they cannot vote by phone too) and the votes per candidate
    (``{nomination id: votes}``). Entering it again replaces the previous tally."""
    _require(actor, poll.event.area_id)
    if poll.stage == Poll.Stage.NOMINATING:
        raise ValidationError(_("Open the voting before entering paper ballots."))
    standing = {n.pk for n in candidates(poll)}
    if set(counts) - standing or any(v < 0 for v in counts.values()):
        raise ValidationError(_("Enter votes only for the candidates on the ballot."))
    voters = poll.voters.select_for_update()
    voters.filter(ballot="paper").update(ballot="")
    chosen = voters.filter(participant__number__in=voter_numbers)
    unknown = set(voter_numbers) - set(chosen.values_list("participant__number", flat=True))
    if unknown:
        raise ValidationError(
            _("No participant has the number %(n)s. Check the attendance list.")
            % {"n": ", ".join(str(n) for n in sorted(unknown))}
        )
    if chosen.filter(ballot="phone").exists():
        numbers = chosen.filter(ballot="phone").values_list("participant__number", flat=True)
        raise ValidationError(
            _("Participant %(n)s already voted by phone and cannot vote on paper too.")
            % {"n": ", ".join(str(n) for n in sorted(numbers))}
        )
    if sum(counts.values()) > len(set(voter_numbers)):
        raise ValidationError(_("There are more votes than paper voters. Count the ballots again."))
    chosen.update(ballot="paper")
    Nomination.objects.filter(participant__event=poll.event_id).update(paper_votes=0)
    for pk, votes in counts.items():
        Nomination.objects.filter(pk=pk).update(paper_votes=votes)
    poll.paper_ballots = len(set(voter_numbers))
    poll.save(update_fields=["paper_ballots"])
    _audit(actor, "paper_tally", poll, poll.event.area_id, ballots=poll.paper_ballots)


# The participant on their phone ---------------------------------------------------------------


def voter_find(event_code: str, personal_code: str) -> Voter | None:
    """The voter holding both codes; None when they match no one."""
    event_code, personal_code = normalise_code(event_code), normalise_code(personal_code)
    if len(event_code) != CODE_LENGTH or len(personal_code) != CODE_LENGTH:
        return None
    return (
        Voter.objects.filter(poll__code=event_code, code=personal_code)
        .select_related("poll__event", "participant", "nominated__participant")
        .first()
    )


@transaction.atomic
def peer_nominate(*, voter: Voter, candidate_number: int) -> Nomination:
    """A participant names one candidate (themselves allowed) while nominations are open."""
    poll = voter.poll
    if poll.stage != Poll.Stage.NOMINATING:
        raise ValidationError(_("Nominations are closed."), code="stage")
    if Voter.objects.filter(pk=voter.pk, nominated__isnull=False).exists():
        raise ValidationError(_("You have already nominated someone."), code="twice")
    candidate = Participant.objects.filter(event=poll.event_id, number=candidate_number).first()
    if candidate is None:
        raise ValidationError(_("Choose a participant from the list."), code="unknown")
    nomination, _created = Nomination.objects.get_or_create(
        participant=candidate, defaults={"role": CommunityRole.AMBASSADOR}
    )
    Voter.objects.filter(pk=voter.pk).update(nominated=nomination)
    voter.nominated = nomination
    _audit(None, "peer_nominate", nomination, poll.event.area_id)
    return nomination


@transaction.atomic
def vote_cast(*, voter: Voter, nomination_id: int) -> None:
    """One vote for an accepted candidate; a second vote by the same participant is refused."""
    poll = voter.poll
    if poll.stage != Poll.Stage.VOTING:
        raise ValidationError(_("Voting is not open."), code="stage")
    if not candidates(poll).filter(pk=nomination_id).exists():
        raise ValidationError(_("Choose one of the candidates on the ballot."), code="unknown")
    if not Voter.objects.filter(pk=voter.pk, ballot="").update(ballot="phone"):
        raise ValidationError(_("You have already voted. Each participant votes once."))
    Nomination.objects.filter(pk=nomination_id).update(phone_votes=F("phone_votes") + 1)
    # The audit row says a vote was cast at this poll, not by whom nor for whom.
    _audit(None, "vote_cast", poll, poll.event.area_id)


# The result -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    nomination: Nomination
    nominators: int
    rubric: int
    rubric_max: int
    rubric_pct: Fraction
    votes: int
    vote_pct: Fraction
    combined: Fraction


def result(event) -> tuple[Poll | None, list[ResultRow]]:
    """Every nomination at ``event`` with its rubric score, votes and combined result, best
    first. The rule (shown on the result sheet and in docs/programme.md):

    combined = w × rubric ÷ rubric maximum + (100 − w) × votes ÷ most votes of any candidate,

    with w the poll's rubric weight in percent (50 unless the facilitator chose otherwise), so
    both parts run from 0 to 100. A candidate not yet scored counts 0 on the rubric; without a
    poll the votes count 0. Ties go to more votes, then the higher rubric score."""
    poll = Poll.objects.filter(event=event).first()
    weight = poll.rubric_weight if poll else 100
    rubric_max = sum(c.max_score for c in event.programme.criteria.all())
    rows = list(
        Nomination.objects.filter(participant__event=event)
        .select_related("participant")
        .annotate(rubric=Sum("scores__value"))
    )
    named = dict(
        Voter.objects.filter(participant__event=event, nominated__isnull=False)
        .values("nominated")
        .annotate(n=Count("id"))
        .values_list("nominated", "n")
    )
    most = max((n.phone_votes + n.paper_votes for n in rows), default=0)
    out = []
    for n in rows:
        votes, rubric = n.phone_votes + n.paper_votes, n.rubric or 0
        rubric_pct = Fraction(100 * rubric, rubric_max) if rubric_max else Fraction(0)
        vote_pct = Fraction(100 * votes, most) if most else Fraction(0)
        combined = (weight * rubric_pct + (100 - weight) * vote_pct) / 100
        out.append(
            ResultRow(n, named.get(n.pk, 0), rubric, rubric_max, rubric_pct, votes, vote_pct,
                      combined)
        )  # fmt: skip
    out.sort(key=lambda r: (-r.combined, -r.votes, -r.rubric, r.nomination.participant.number))
    return poll, out
