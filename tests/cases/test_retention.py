"""Data minimisation: a report judged not to be trafficking, and in no case, loses what
identifies anyone once its retention period is over; everything else is left alone."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from sigap.cases import actions, uploads
from sigap.cases.choices import TraffickingStatus
from sigap.cases.models import Attachment, CaseEvent, Identifier, Message, Report
from sigap.people.models import AuditEvent
from tests import personas
from tests.cases.conftest import jpeg_with_gps, make_report, report_data


def _triaged(worker, decision, *, days_ago: int, **extra) -> Report:
    report, _code = make_report(**extra)
    actions.report_triage(report=report, actor=worker, decision=decision, note="Bukan TPPO")
    Report.objects.filter(pk=report.pk).update(triaged_at=timezone.now() - timedelta(days=days_ago))
    report.refresh_from_db()
    return report


@pytest.fixture
def expired(medan_case_worker):
    """A not-trafficking report past the period, with a photo and a message thread."""
    photo = SimpleUploadedFile("foto.jpg", jpeg_with_gps(), content_type="image/jpeg")
    report, _code = actions.report_submit(
        data=report_data(contact="0813-9999-0000", place="Warung dekat masjid"),
        files=[uploads.clean(photo)],
        channel="web",
    )
    actions.reports_process()
    actions.message_from_reporter(report=report, body="Nama saya Rina, ini nomor saya")
    actions.report_triage(
        report=report, actor=medan_case_worker, decision=TraffickingStatus.NOT_A_VICTIM
    )
    Report.objects.filter(pk=report.pk).update(triaged_at=timezone.now() - timedelta(days=400))
    return Report.objects.get(pk=report.pk)


def test_expired_report_loses_what_identifies_anyone_and_keeps_what_statistics_need(
    expired, settings, django_capture_on_commit_callbacks
):
    settings.SIGAP_REPORT_RETENTION_DAYS = 365
    stored = Attachment.objects.get(report=expired).storage_name
    assert default_storage.exists(stored)
    assert Identifier.objects.filter(report=expired).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        assert actions.reports_erase_expired() == [expired.pk]

    report = Report.objects.get(pk=expired.pk)
    for field in ("what", "place", "suspect", "suspect_identifiers", "contact", "decision_note"):
        assert getattr(report, field) == "", field
    assert report.erased_at is not None
    assert not Attachment.objects.filter(report=report).exists()
    assert not default_storage.exists(stored)
    assert not Message.objects.filter(report=report).exists()
    assert not Identifier.objects.filter(report=report).exists()
    # What the statistics and the reporter's receipt need stays.
    assert (report.area_id, report.destination_country) == (personas.TERJUN, "KH")
    assert report.indicators == ["deception", "tourist_visa"]
    assert report.decision == TraffickingStatus.NOT_A_VICTIM and report.receipt_hash
    assert CaseEvent.objects.filter(report=report, action="report.erased").exists()
    assert AuditEvent.objects.filter(action="report.erase", object_id=str(report.pk)).exists()
    # Once is enough: a second run finds nothing.
    assert actions.reports_erase_expired() == []


def test_reports_still_needed_are_left_alone(medan_case_worker, settings):
    settings.SIGAP_REPORT_RETENTION_DAYS = 365
    recent = _triaged(medan_case_worker, TraffickingStatus.NOT_A_VICTIM, days_ago=30)
    possible = _triaged(medan_case_worker, TraffickingStatus.POSSIBLE, days_ago=400)
    in_case = _triaged(medan_case_worker, TraffickingStatus.POSSIBLE, days_ago=400)
    actions.case_open(report=in_case, actor=medan_case_worker)
    untriaged, _code = make_report()
    Report.objects.filter(pk=untriaged.pk).update(created_at=timezone.now() - timedelta(days=800))
    assert actions.reports_erase_expired() == []
    for report in (recent, possible, in_case, untriaged):
        report.refresh_from_db()
        assert report.what and report.erased_at is None


def test_dry_run_changes_nothing_and_the_command_says_what_it_did(expired, settings, capsys):
    settings.SIGAP_REPORT_RETENTION_DAYS = 365
    call_command("erase_expired_reports", "--dry-run")
    assert (
        f"would erase 1 reports older than 365 days L-{expired.pk:06d}" in capsys.readouterr().out
    )
    assert Report.objects.get(pk=expired.pk).what
    call_command("erase_expired_reports")
    assert f"erased 1 reports older than 365 days L-{expired.pk:06d}" in capsys.readouterr().out
    assert Report.objects.get(pk=expired.pk).what == ""


def test_erased_report_says_so_and_cannot_be_triaged_again(
    expired, medan_case_worker, as_user, settings
):
    settings.SIGAP_REPORT_RETENTION_DAYS = 365
    actions.reports_erase_expired()
    client = as_user(medan_case_worker)
    page = client.get(f"/laporan/{expired.pk}/").content.decode()
    assert 'id="erased"' in page and "masa retensi" in page
    assert "Rina" not in page and "Warung" not in page
    response = client.post(
        f"/laporan/{expired.pk}/triage/",
        {"decision": TraffickingStatus.POSSIBLE, "note": "dibuka lagi"},
        follow=True,
    )
    assert "retensi" in response.content.decode()
    assert Report.objects.get(pk=expired.pk).decision == TraffickingStatus.NOT_A_VICTIM
