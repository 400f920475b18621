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


def test_demo_logins_tell_the_readmes_story(areas, as_user):
    """Every demo login is in the README's persona table and no persona is missing from it; the
    selected ambassadors and the Terjun relawan are who the README says, with their outreach."""
    import re
    from pathlib import Path

    from sigap import demo
    from sigap.programme import voting

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## The demo, persona by persona")[1].split("\n## ")[0]
    listed = set(re.findall(r"`([a-z0-9.]+)`", section)) - {"make"}
    assert listed == {login.username for login in demo.LOGINS} | {"admin"}

    load_people()
    load_programmes()
    medan = Programme.objects.get(name=MEDAN_NAME)
    for username, name, role in [
        ("duta.terjun", "Andi Lubis (Demo)", "ambassador"),
        ("duta.terjun2", "Sari Nasution (Demo)", "ambassador"),
        ("fkdm.terjun", "Budi Harahap (Demo)", "fkdm"),
        ("relawan.terjun", "Rudi Sembiring (Demo)", "relawan"),
    ]:
        member = medan.members.get(user__username=username)
        assert (member.name, member.role, member.area_id) == (name, role, "12.71.12.1003")
    duta = medan.members.get(user__username="duta.terjun").user
    page = as_user(duta).get("/program/saya/").content.decode()
    assert "Belum ada yang dicatat" not in page.split("Sosialisasi saya")[1].split("</ul>")[0]
    event = medan.events.get(venue="Kantor Lurah Terjun")
    poll, rows = voting.result(event)
    assert poll.stage == "closed" and poll.paper_ballots == 3
    assert rows[0].nomination.participant.name == "Andi Lubis (Demo)"
    malang = Programme.objects.get(name=MALANG_NAME)
    audiensi = malang.events.get(kind="audiensi")
    assert audiensi.pacts.count() == 5 and malang.stakeholders.count() == 12
    assert audiensi.stakeholders.count() >= 5 and audiensi.commitments.count() == 2


def test_make_demo_takes_a_port(areas):
    from io import StringIO
    from pathlib import Path

    out = StringIO()
    call_command("load_demo", "--print-logins", "--port", "8123", stdout=out)
    assert "http://127.0.0.1:8123" in out.getvalue()
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "runserver 127.0.0.1:$(PORT)" in makefile and "PORT ?= 8000" in makefile
