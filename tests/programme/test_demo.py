import pytest
from django.core.management import call_command
from django.utils import timezone

from sigap.demo import load_people
from sigap.programme import stats
from sigap.programme.demo import MALANG_NAME, MEDAN_NAME, load_programmes
from sigap.programme.models import ConditionReport, Member, Programme

pytestmark = pytest.mark.django_db


def test_demo_tells_both_stories_and_can_run_twice(areas):
    load_people()
    load_programmes()
    load_programmes()
    medan = Programme.objects.get(name=MEDAN_NAME)
    malang = Programme.objects.get(name=MALANG_NAME)
    event = medan.events.get(venue="Kantor Lurah Terjun")
    assert event.days == 2 and event.participants.count() == 20
    assert Member.objects.filter(programme=medan, role="ambassador", status="active").count() == 2
    assert {m.user.username for m in medan.members.filter(role="ambassador")} == {
        "duta.terjun",
        "duta.terjun2",
    }
    coverage = stats.coverage(medan, timezone.localdate())
    assert coverage[0].planned == 5 and coverage[0].reached >= 1
    assert malang.pacts.count() == 5
    assert {e.kind for e in malang.events.all()} == {"rakor", "audiensi"}
    gaps = stats.report_gaps(malang, timezone.localdate())
    assert [g.area_name for g in gaps if g.missing] == ["Polehan"]
    assert any(not g.missing and g.area_name == "Sukoharjo" for g in gaps)
    assert ConditionReport.objects.filter(programme=malang).count() >= 20


def test_reminder_command_runs(areas):
    call_command("send_condition_reminders", "--today", "2026-03-15")
