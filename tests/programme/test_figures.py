"""Exports read back, pact fulfilment computed from data, the missing/late list."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sigap.programme import actions, stats
from sigap.programme.models import ConditionReport
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db


def _fill_event(event):
    people = list(event.participants.all())
    actions.attendance_set(
        actor=None, event=event, marks={1: {p.pk for p in people}, 2: {people[0].pk}}
    )
    actions.scores_record(actor=None, event=event, scores={people[0].pk: (40, 85)})
    return people


def test_participant_export_opens_in_a_spreadsheet(as_user, medan_coordinator, terjun_event):
    _fill_event(terjun_event)
    actions.participant_register(actor=None, event=terjun_event, name="=HYPERLINK(1)", sex="l")
    response = as_user(medan_coordinator).get(
        reverse("programme:participants_xlsx", args=[terjun_event.pk])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("No.", "Nama")
    assert rows[1][1] == "Ani (Demo)"
    header = list(rows[0])
    assert rows[1][header.index("Hari 1")] == "hadir" and rows[1][header.index("Hari 2")] == "hadir"
    assert rows[1][header.index("Peningkatan")] == 45
    assert rows[1][header.index("Telepon")] == "0812-3456-7890"  # coordinator sees contacts
    assert rows[4][1] == "'=HYPERLINK(1)"  # never a formula


def test_participant_csv_reads_back(as_user, medan_coordinator, terjun_event):
    _fill_event(terjun_event)
    response = as_user(medan_coordinator).get(
        reverse("programme:participants_csv", args=[terjun_event.pk])
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4 and rows[1][1] == "Ani (Demo)" and rows[2][1] == "Budi (Demo)"


def test_attendance_sheet_prints_every_participant(as_user, medan_coordinator, terjun_event):
    page = (
        as_user(medan_coordinator)
        .get(reverse("programme:attendance_sheet", args=[terjun_event.pk]))
        .content.decode()
    )
    assert "Citra (Demo)" in page and "Tanda tangan hari 2" in page
    assert "programme/sheet.css" in page


def test_pact_fulfilment_is_computed_from_data(malang_programme):
    area = Area.objects.get(code=personas.KETAWANGGEDE)
    pact = actions.pact_record(
        actor=None,
        programme=malang_programme,
        area=area,
        signed_on=date(2025, 10, 1),
        signatories=[("Lurah (Demo)", "Lurah", "Kelurahan Ketawanggede")],
        commitments=[
            ("volunteers", "Membentuk relawan", 4),
            ("monitoring", "Monitoring", None),
            ("conditions", "Melaporkan kondisi", None),
            ("other", "Spanduk", None),
        ],
    )
    for i in range(4):
        actions.member_register(
            actor=None,
            programme=malang_programme,
            name=f"R{i} (Demo)",
            role="relawan",
            area=area,
            term_starts=date(2025, 10, 1),
            appointment_letter="SK 1",
        )
    for month in range(10, 16):  # Oct 2025 … Mar 2026
        start = date(2025 + (month > 12), (month - 1) % 12 + 1, 1)
        report = actions.condition_file(
            actor=None, programme=malang_programme, area=area, period_start=start, values={}
        )
        late = month == 12
        ConditionReport.objects.filter(pk=report.pk).update(
            filed_on=report.due_on + timedelta(days=3 if late else -2)
        )
    with translation.override("en"):
        items = stats.pact_fulfilment(pact, today=date(2026, 4, 20))
    summaries = {f.commitment.kind: (f.summary, f.state) for f in items}
    assert summaries["volunteers"] == ("Volunteers formed: 4 (target 4)", "ok")
    assert summaries["conditions"] == ("Condition reports on time: 5 of 6 months", "partial")
    assert summaries["monitoring"][1] == "none"
    assert summaries["other"][1] == "manual"


def test_missing_and_late_list(malang_programme):
    kotalama = Area.objects.get(code="35.73.03.1001")
    report = actions.condition_file(
        actor=None,
        programme=malang_programme,
        area=kotalama,
        period_start=date(2026, 2, 1),
        values={},
    )
    ConditionReport.objects.filter(pk=report.pk).update(filed_on=date(2026, 3, 20))
    gaps = stats.report_gaps(malang_programme, today=date(2026, 3, 25), last=1)
    assert {(g.area_name, g.missing) for g in gaps} == {
        ("Kotalama", False),
        ("Tanjungrejo", True),
        ("Sukoharjo", True),
        ("Ketawanggede", True),
        ("Polehan", True),
    }
    assert all(g.period_start == date(2026, 2, 1) for g in gaps)
