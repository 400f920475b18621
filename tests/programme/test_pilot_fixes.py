"""What a new user stumbled on in the pilots (issue 18, "Wrong or confusing today")."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.programme import actions, periods, stats
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db
KETAWANGGEDE = "35.73.05.1006"


def _last_ended(today, months=1):
    return [p for p in periods.periods_between(date(2025, 10, 1), today, months)
            if periods.period_end(p, months) < today][-1]  # fmt: skip


def test_condition_report_defaults_to_the_month_due(as_user, malang_programme):
    today = timezone.localdate()
    due = _last_ended(today)
    client = as_user(personas.ketawanggede_relawan())
    url = reverse("programme:condition_file", args=[malang_programme.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{due.isoformat()}" selected>' in page
    # Once that month is filed, the one before it is due.
    actions.condition_file(
        actor=None,
        programme=malang_programme,
        area=Area.objects.get(code=KETAWANGGEDE),
        period_start=due,
        values={},
    )
    before = periods.period_start(due - timedelta(days=1), 1)
    page = client.get(url).content.decode()
    assert f'<option value="{before.isoformat()}" selected>' in page


def test_due_period_never_picks_the_unfinished_month_when_one_has_ended(malang_programme):
    today = date(2026, 3, 5)
    assert stats.due_period(malang_programme, today, []) == date(2026, 2, 1)
    assert stats.due_period(malang_programme, today, [date(2026, 2, 1)]) == date(2026, 1, 1)
    malang_programme.reports_start = date(2026, 3, 1)
    assert stats.due_period(malang_programme, today, []) == date(2026, 3, 1)


def _event(programme, code, *, present: bool, day=date(2026, 3, 10)):
    event = actions.event_create(
        actor=None, programme=programme, kind="sosialisasi", title=f"Sosialisasi {code}",
        area=Area.objects.get(code=code), venue="Aula", starts_on=day, days=1,
    )  # fmt: skip
    participant = actions.participant_register(actor=None, event=event, name="Ani", sex="p")
    if present:
        actions.attendance_set(actor=None, event=event, marks={1: {participant.pk}})
    return event


def _outreach(programme, code, day):
    return actions.outreach_log(
        actor=None, programme=programme, area=Area.objects.get(code=code), held_on=day,
        venue_type="rt_rw", adults_f=5, topics=["reporting"],
    )  # fmt: skip


def _coverage_rows(programme):
    return {
        r.area.code: r for pc in stats.coverage(programme, timezone.localdate()) for r in pc.rows
    }


def test_reached_means_an_event_with_attendance_or_outreach(medan_programme):
    # Amplas: an event nobody attended; Belawan: one attended; Selayang: outreach only.
    _event(medan_programme, "12.71.09.1001", present=False)
    _event(medan_programme, "12.71.08.1001", present=True)
    _outreach(medan_programme, "12.71.21.1001", date(2026, 3, 1))
    # Labuhan: a member serves there, but nothing was held.
    actions.member_register(
        actor=None, programme=medan_programme, name="Dina", role="relawan",
        area=Area.objects.get(code="12.71.13.1001"), term_starts=date(2026, 1, 1),
        appointment_letter="SK 1",
    )  # fmt: skip
    rows = _coverage_rows(medan_programme)
    assert not rows["12.71.09"].reached and rows["12.71.09"].events == 0
    assert rows["12.71.08"].reached and rows["12.71.08"].events == 1
    assert rows["12.71.21"].reached
    assert not rows["12.71.13"].reached and rows["12.71.13"].relawan == 1


def test_pact_monitoring_and_condition_reports_count_the_same_activities(as_user, malang_programme):
    area = Area.objects.get(code=KETAWANGGEDE)
    pact = actions.pact_record(
        actor=None, programme=malang_programme, area=area, signed_on=date(2026, 1, 15),
        signatories=[("Lurah (Demo)", "Lurah", "")],
        commitments=[("monitoring", "Melakukan monitoring", 2)],
    )  # fmt: skip
    _outreach(malang_programme, KETAWANGGEDE, date(2026, 1, 10))  # before signing
    _outreach(malang_programme, KETAWANGGEDE, date(2026, 2, 3))
    _event(malang_programme, KETAWANGGEDE, present=True, day=date(2026, 2, 20))
    _event(malang_programme, KETAWANGGEDE, present=False, day=date(2026, 2, 21))
    report = actions.condition_file(
        actor=None, programme=malang_programme, area=area, period_start=date(2026, 2, 1),
        values={},
    )  # fmt: skip
    client = as_user(personas.malang_coordinator())
    pact_page = client.get(reverse("programme:pact", args=[pact.pk])).content.decode()
    assert "Kegiatan sejak penandatanganan: 2" in pact_page
    report_page = client.get(reverse("programme:report", args=[report.pk])).content.decode()
    assert "SIGAP mencatat 2 kegiatan" in report_page
    definition = str(stats.ACTIVITY_DEFINITION)
    with_id = "Kegiatan adalah acara yang diadakan"
    assert with_id in pact_page and with_id in report_page and definition


def test_events_are_listed_newest_first(as_user, medan_programme):
    days = [date(2026, 3, 5), date(2026, 1, 20), date(2026, 4, 1), date(2026, 2, 14)]
    for day in days:
        actions.event_create(
            actor=None, programme=medan_programme, kind="sosialisasi", title=f"Acara {day}",
            area=medan_programme.area, venue="Aula", starts_on=day, days=1,
        )  # fmt: skip
    page = as_user(personas.medan_coordinator()).get(
        reverse("programme:detail", args=[medan_programme.pk])
    )
    html = page.content.decode()
    positions = [html.index(f"Acara {day}") for day in sorted(days, reverse=True)]
    assert positions == sorted(positions)


def test_report_page_leaves_out_unknown_details(as_user, settings, tmp_path):
    from django.core.management import call_command

    from tests.cases.conftest import make_report

    call_command("createcachetable", verbosity=0)
    settings.MEDIA_ROOT = tmp_path
    report, _code = make_report(people_sex="unknown")
    page = as_user(personas.medan_case_worker()).get(f"/laporan/{report.pk}/").content.decode()
    line = page.split("Orang yang terancam")[1].split("</p>")[0]
    assert "?" not in line and "Saya tidak tahu" not in line and "·  ·" not in line
    assert "<span>—</span>" in line
    report2, _code = make_report(people_count=3, people_sex="female")
    page = as_user(personas.medan_case_worker()).get(f"/laporan/{report2.pk}/").content.decode()
    line = page.split("Orang yang terancam")[1].split("</p>")[0]
    assert "<span>3</span>" in line and "Perempuan" in line


def test_receipt_has_a_copy_button(client, settings, tmp_path):
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    settings.MEDIA_ROOT = tmp_path
    from tests.cases.test_intake import post_report

    page = post_report(client).content.decode()
    assert 'data-copy="receipt-code"' in page and "Salin kode" in page


def test_the_analysts_home_links_to_statistics(as_user):
    page = as_user(personas.medan_analyst()).get("/").content.decode()
    assert reverse("cases:statistics") in page


def test_audit_log_shows_labels_in_the_persons_language(client, terjun_event):
    from sigap.people.audit import audit_personal_read
    from tests.conftest import login

    admin = personas.administrator()
    audit_personal_read(actor=admin, obj=terjun_event, reason="participant list")
    page = login(client, admin).get("/akun/audit/").content.decode()
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert "Membuka data pribadi" in row and "daftar peserta" in row and "kegiatan" in row
    assert "Terjun" in row and "<code" not in row
    assert "personal.read" not in row


def test_outreach_chart_over_time_and_export(as_user, medan_programme):
    today = timezone.localdate()
    _outreach(medan_programme, "12.71.12.1003", today)
    _outreach(medan_programme, "12.71.12.1003", today)
    client = as_user(personas.medan_coordinator())
    page = client.get(reverse("programme:reach", args=[medan_programme.pk])).content.decode()
    svg = page.split('<svg class="chart"')[1].split("</svg>")[0]
    assert svg.count("<rect") == 24 and ">2</text>" in svg and ">10</text>" in svg
    assert "<script" not in page.split("<main")[1]
    csv = client.get(reverse("programme:reach_csv", args=[medan_programme.pk])).content.decode()
    assert csv.count("Terjun") == 2 and "Orang terjangkau" in csv.splitlines()[0]
    xlsx = client.get(reverse("programme:reach_xlsx", args=[medan_programme.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_condition_chart_counts_like_the_missing_list_and_exports(as_user, malang_programme):
    from io import BytesIO

    from openpyxl import load_workbook

    rows = stats.reports_by_period(malang_programme, date(2026, 3, 20), last=3)
    # Dec, Jan and Feb are due by 20 March; five kelurahan owe each, none filed.
    assert [(p.month, on, late, missing) for p, on, late, missing in rows] == [
        (12, 0, 0, 5), (1, 0, 0, 5), (2, 0, 0, 5),
    ]  # fmt: skip
    actions.condition_file(
        actor=None, programme=malang_programme, area=Area.objects.get(code=KETAWANGGEDE),
        period_start=date(2026, 2, 1), values={},
    )  # fmt: skip
    client = as_user(personas.malang_coordinator())
    page = client.get(reverse("programme:conditions", args=[malang_programme.pk])).content.decode()
    assert '<svg class="chart"' in page
    xlsx = client.get(reverse("programme:conditions_xlsx", args=[malang_programme.pk])).content
    sheet = list(load_workbook(BytesIO(xlsx)).active.values)
    assert sheet[0][:3] == ("Kode kelurahan", "Kelurahan", "Masa")
    assert sheet[1][0] == KETAWANGGEDE and sheet[1][2] == "2026-02"


def test_suspicion_reports_and_condition_reports_are_named_apart(as_user):
    page = as_user(personas.medan_case_worker()).get("/laporan/").content.decode()
    assert ">Laporan kecurigaan</a>" in page and "<h1>Laporan kecurigaan</h1>" in page
    mine = as_user(personas.ketawanggede_relawan()).get(reverse("programme:mine")).content
    assert "Laporan kondisi kelurahan saya" in mine.decode()
