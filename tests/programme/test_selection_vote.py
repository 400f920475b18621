"""Participatory selection: participants nominate, accept and vote with their codes; the
facilitator enters the paper tally; the result combines votes and rubric by the shown rule."""

import io
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sigap.people.models import AuditEvent
from sigap.programme import actions, voting
from sigap.programme.models import Nomination, Poll, Voter
from tests import personas

pytestmark = pytest.mark.django_db
VOTE = "/program/pilih/"


@pytest.fixture
def poll(terjun_event):
    return voting.poll_open(actor=None, event=terjun_event)


def codes(poll, number):
    voter = Voter.objects.get(poll=poll, participant__number=number)
    return {"event_code": poll.code, "personal_code": voter.code}


def post(client, poll, number, **data):
    return client.post(VOTE, {**codes(poll, number), **data})


def test_every_participant_gets_a_personal_code_newcomers_too(poll, terjun_event):
    assert poll.voters.count() == 3
    assert len(poll.code) == 6 and set(poll.code) <= set(voting.ALPHABET)
    late = actions.participant_register(actor=None, event=terjun_event, name="Dedi", sex="l")
    assert late.voter.poll == poll
    assert len(set(poll.voters.values_list("code", flat=True))) == 4


def test_participants_nominate_accept_and_vote_from_their_phones(poll, terjun_event):
    client = Client()
    # Codes typed loosely (lower case, a dash) still match.
    typed = {
        "event_code": poll.code.lower(),
        "personal_code": "-".join(codes(poll, 1)["personal_code"]),
    }
    page = client.post(VOTE, typed)
    assert page.status_code == 200 and "Ani (Demo)" in page.content.decode()
    post(client, poll, 1, do="nominate", candidate="2")
    post(client, poll, 3, do="nominate", candidate="2")
    again = post(client, poll, 1, do="nominate", candidate="3")
    assert again.status_code == 400 and "sudah menominasikan" in again.content.decode()
    nomination = Nomination.objects.get(participant__number=2, participant__event=terjun_event)
    assert nomination.accepted is None
    # Only the candidate answers their own nomination.
    post(client, poll, 2, do="accept")
    nomination.refresh_from_db()
    assert nomination.accepted is True
    voting.poll_advance(actor=None, poll=poll, stage="voting")
    assert post(client, poll, 1, do="vote", candidate=str(nomination.pk)).status_code == 200
    twice = post(client, poll, 1, do="vote", candidate=str(nomination.pk))
    assert twice.status_code == 400 and "sudah memberikan suara" in twice.content.decode()
    nomination.refresh_from_db()
    assert nomination.phone_votes == 1


def test_votes_are_secret(poll, terjun_event):
    nomination = actions.nomination_create(
        actor=None, participant=terjun_event.participants.get(number=2), role="ambassador"
    )
    voting.nomination_answer(actor=None, nomination=nomination, accepted=True)
    voting.poll_advance(actor=None, poll=poll, stage="voting")
    voter = Voter.objects.get(poll=poll, participant__number=1)
    voting.vote_cast(voter=voter, nomination_id=nomination.pk)
    # The voter row says they voted, never for whom; the audit row names only the poll.
    assert Voter.objects.get(pk=voter.pk).ballot == "phone"
    row = AuditEvent.objects.get(action="programme.vote_cast")
    assert row.object_type == "poll" and row.detail == {}
    assert not [f for f in Voter._meta.get_fields() if f.name in ("vote", "voted_for")]


def test_wrong_codes_are_refused_and_counted(poll, settings):
    settings.SIGAP_RATE_LIMITS = {"vote_wrong": [3, 600]}
    client = Client()
    for _attempt in range(3):
        wrong = client.post(VOTE, {"event_code": poll.code, "personal_code": "AAAAAA"})
        assert wrong.status_code == 400 and "tidak cocok" in wrong.content.decode()
    assert (
        client.post(VOTE, {"event_code": poll.code, "personal_code": "AAAAAA"}).status_code == 429
    )


def test_a_large_request_is_refused_before_it_is_read(poll):
    response = Client().post(VOTE, {"event_code": poll.code, "personal_code": "x" * 5000})
    assert response.status_code == 413


def test_the_vote_page_needs_no_account_but_staff_pages_do(poll, terjun_event):
    client = Client()
    assert client.get(VOTE + "?kode=" + poll.code).status_code == 200
    for name in ("result_sheet", "code_slips", "paper_tally"):
        url = reverse(f"programme:{name}", args=[terjun_event.pk])
        assert client.get(url).status_code == 302, name  # to the sign-in page


def test_outsiders_do_not_see_the_result_or_codes(as_user, poll, terjun_event):
    client = as_user(personas.malang_coordinator())
    for name in ("result_sheet", "code_slips", "paper_tally", "result_csv", "selection"):
        url = reverse(f"programme:{name}", args=[terjun_event.pk])
        assert client.get(url).status_code == 404, name


def _standing(event, number):
    n = actions.nomination_create(
        actor=None, participant=event.participants.get(number=number), role="ambassador"
    )
    voting.nomination_answer(actor=None, nomination=n, accepted=True)
    return n


def test_paper_tally_keeps_one_person_one_vote(poll, terjun_event):
    a, b = _standing(terjun_event, 1), _standing(terjun_event, 2)
    voting.poll_advance(actor=None, poll=poll, stage="voting")
    voting.vote_cast(voter=Voter.objects.get(poll=poll, participant__number=1), nomination_id=a.pk)
    with pytest.raises(ValidationError, match="sudah memberikan suara lewat ponsel|already voted"):
        voting.paper_tally_record(actor=None, poll=poll, voter_numbers=[1, 2], counts={a.pk: 1})
    with pytest.raises(ValidationError):
        voting.paper_tally_record(
            actor=None, poll=poll, voter_numbers=[2], counts={a.pk: 1, b.pk: 1}
        )
    voting.paper_tally_record(actor=None, poll=poll, voter_numbers=[2, 3], counts={b.pk: 2})
    # A paper voter can no longer vote by phone.
    with pytest.raises(ValidationError):
        voting.vote_cast(
            voter=Voter.objects.get(poll=poll, participant__number=3), nomination_id=b.pk
        )
    poll.refresh_from_db()
    assert poll.paper_ballots == 2
    # Entered again, the tally replaces the first.
    voting.paper_tally_record(actor=None, poll=poll, voter_numbers=[3], counts={b.pk: 1})
    assert Nomination.objects.get(pk=b.pk).paper_votes == 1
    assert Voter.objects.get(poll=poll, participant__number=2).ballot == ""


def test_result_combines_rubric_and_votes_by_the_documented_rule(poll, terjun_event):
    programme = terjun_event.programme
    c1 = actions.criterion_add(actor=None, programme=programme, name="Pengetahuan", max_score=5)
    c2 = actions.criterion_add(actor=None, programme=programme, name="Komunikasi", max_score=5)
    a, b = _standing(terjun_event, 1), _standing(terjun_event, 2)
    actions.nomination_score(actor=None, nomination=a, values={c1.pk: 4, c2.pk: 4})  # 80 %
    actions.nomination_score(actor=None, nomination=b, values={c1.pk: 5, c2.pk: 5})  # 100 %
    Nomination.objects.filter(pk=a.pk).update(phone_votes=4, paper_votes=2)  # 6: 100 %
    Nomination.objects.filter(pk=b.pk).update(phone_votes=3)  # 3: 50 %
    _poll, rows = voting.result(terjun_event)
    assert [r.nomination.pk for r in rows] == [a.pk, b.pk]
    assert rows[0].combined == Fraction(90) and rows[1].combined == Fraction(75)
    Poll.objects.filter(pk=poll.pk).update(rubric_weight=80)
    _poll, rows = voting.result(terjun_event)
    # 0.8 × 100 + 0.2 × 50 = 90 against 0.8 × 80 + 0.2 × 100 = 84.
    assert [r.nomination.pk for r in rows] == [b.pk, a.pk]


def test_result_sheet_shows_the_rule_and_exports(as_user, poll, terjun_event):
    a = _standing(terjun_event, 1)
    actions.nomination_decide(actor=None, nomination=a, selected=False, reason="Belum siap")
    client = as_user(personas.medan_coordinator())
    sheet = client.get(reverse("programme:result_sheet", args=[terjun_event.pk])).content.decode()
    assert "Hasil = 50%" in sheet and "Belum siap" in sheet and poll.code in sheet
    csv = client.get(reverse("programme:result_csv", args=[terjun_event.pk])).content.decode()
    assert "Hasil gabungan" in csv and "Belum siap" in csv
    xlsx = client.get(reverse("programme:result_xlsx", args=[terjun_event.pk])).content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.values)
    assert rows[1][2] == "Ani (Demo)" and rows[1][-1] == "Belum siap"


def test_a_participant_registered_at_the_door_gets_their_code(as_user, poll, terjun_event):
    client = as_user(personas.medan_coordinator())
    url = reverse("programme:participant_add", args=[terjun_event.pk]) + "?pintu=1"
    page = client.post(url, {"name": "Dedi (Demo)", "sex": "l"}, follow=True).content.decode()
    code = Voter.objects.get(participant__name="Dedi (Demo)").code
    assert code in page and "kertas" in page
