"""The timeline as people read it: every event in words on the report's and the case's page,
who did it only for those who handle the report."""

import re

from sigap.cases import actions, referral_actions, timeline
from sigap.cases.choices import TraffickingStatus
from sigap.cases.models import CaseEvent
from sigap.people.tokens import token_create
from tests import personas
from tests.cases.conftest import make_case, make_report


def _timeline(response) -> str:
    html = response.content.decode()
    found = re.search(r'<div class="card" id="timeline">(.*?)</div>', html, re.S)
    assert found, "the page has no timeline"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def test_every_action_written_has_a_label():
    """An action the code writes without a label would show as its code."""
    source = "".join(
        open(module.__file__, encoding="utf-8").read() for module in (actions, referral_actions)
    )
    written = set(re.findall(r'_event\(actor=[^,]+, action="([a-z_.]+)"', source))
    written |= set(re.findall(r'_case_write\(\s*"([a-z_.]+)"', source))
    written |= {f"referral.{s}" for s in ("accepted", "declined", "done", "revoked")}
    written.add("report.submitted")  # the worker's row (actions._complete)
    assert len(written) > 25
    assert written <= set(timeline.LABELS), written - set(timeline.LABELS)


def test_report_page_shows_its_story_and_who_only_to_handlers(
    terjun_ambassador, medan_case_worker, as_user
):
    report, _code = make_report(personas.TERJUN, submitted_by=terjun_ambassador)
    actions.report_triage(
        report=report, actor=medan_case_worker, decision=TraffickingStatus.POSSIBLE
    )
    worker_name = medan_case_worker.display_name

    handler_view = _timeline(as_user(medan_case_worker).get(f"/laporan/{report.pk}/"))
    assert "Laporan diterima" in handler_view
    assert "Kunjungan penjangkauan" in handler_view  # the channel
    assert "Keputusan triase · Kemungkinan korban perdagangan orang" in handler_view
    assert worker_name in handler_view
    assert "report.triaged" not in handler_view

    own_view = _timeline(as_user(terjun_ambassador).get(f"/laporan/{report.pk}/"))
    assert "Laporan diterima" in own_view and "Keputusan triase" in own_view
    assert worker_name not in own_view and "Kemungkinan" not in own_view


def test_case_page_shows_status_changes_and_referrals_in_words(
    medan_case_worker, uptd_focal_point, as_user
):
    case = make_case(medan_case_worker)
    actions.case_transition(case=case, actor=medan_case_worker, status="assessment", reason="")
    referral = referral_actions.case_refer(
        case=case,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    referral_actions.referral_accept(referral=referral, actor=uptd_focal_point)

    text = _timeline(as_user(medan_case_worker).get(f"/kasus/{case.pk}/"))
    assert "Kasus dibuka" in text and f"L-{case.reports.get().pk:06d}" in text
    assert "Status diubah" in text and "Baru → Asesmen" in text
    assert "Rujukan dikirim" in text and "Rujukan diterima" in text
    assert f"R-{referral.pk:06d}" in text
    assert uptd_focal_point.display_name in text
    # No code is left untranslated, and the detail never carries personal data.
    assert not re.search(r"\b(case|referral|consent|report)\.[a-z_]+\b", text)
    assert "Siti" not in text and "1271010101950001" not in text


def test_an_unknown_action_is_shown_as_its_code(medan_case_worker):
    case = make_case(medan_case_worker, victim=False)
    CaseEvent.objects.create(case=case, action="case.something_new", detail={"id": 7})
    rows = timeline.entries(case.timeline.select_related("actor"), handler=True)
    assert rows[-1].label == "case.something_new"
    assert rows[-1].actor == ""


def test_api_gives_each_event_its_label_in_the_requested_language(client, medan_case_worker):
    case = make_case(medan_case_worker, victim=False)
    _token, raw = token_create(user=medan_case_worker, name="uji")
    headers = {"Authorization": f"Bearer {raw}"}
    indonesian = client.get(f"/api/v1/cases/{case.pk}", headers=headers).json()["timeline"]
    english = client.get(
        f"/api/v1/cases/{case.pk}", headers={**headers, "Accept-Language": "en"}
    ).json()["timeline"]
    assert indonesian[0]["action"] == "case.opened" and indonesian[0]["label"] == "Kasus dibuka"
    assert english[0]["label"] == "Case opened"
