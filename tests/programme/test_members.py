"""A coordinator corrects a community member's details: a typo in the name, a new phone number."""

from datetime import date

import pytest

from sigap.people.models import AuditEvent
from sigap.programme import actions
from sigap.programme.models import Member
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(medan_programme):
    return actions.member_register(
        actor=None,
        programme=medan_programme,
        name="Rina Siregr",
        sex="p",
        role="ambassador",
        area=Area.objects.get(code=personas.TERJUN),
        phone="+6281234567890",
        term_starts=date(2026, 1, 5),
        appointment_letter="SK 12/2026",
    )[0]


def edit(client, member, **changes):
    data = {
        "name": member.name, "sex": member.sex, "phone": member.phone, "status": member.status,
        "term_ends": "", "appointment_letter": member.appointment_letter, **changes,
    }  # fmt: skip
    return client.post(f"/program/anggota/{member.pk}/", data)


def test_coordinator_corrects_name_and_phone(as_user, medan_coordinator, member):
    client = as_user(medan_coordinator)
    page = client.get(f"/program/anggota/{member.pk}/").content.decode()
    assert "Rina Siregr" in page and "+6281234567890" in page
    response = edit(client, member, name="Rina Siregar", phone="0813-9876-5432")
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.phone) == ("Rina Siregar", "+6281398765432")
    event = AuditEvent.objects.get(action="programme.member_update", object_id=str(member.pk))
    assert event.detail["corrected"] == ["name", "phone"]
    assert "6281398765432" not in str(event.detail)  # the log says what changed, not the value


def test_a_bad_phone_is_refused_and_what_was_typed_is_kept(as_user, medan_coordinator, member):
    client = as_user(medan_coordinator)
    response = edit(client, member, name="Rina Siregar", phone="12ab")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ini bukan nomor telepon yang bisa dipakai" in page
    assert 'value="Rina Siregar"' in page and 'value="12ab"' in page
    member.refresh_from_db()
    assert (member.name, member.phone) == ("Rina Siregr", "+6281234567890")


def test_someone_outside_the_area_cannot_edit(as_user, malang_coordinator, member):
    response = edit(as_user(malang_coordinator), member, name="Diubah")
    assert response.status_code == 404
    assert Member.objects.get(pk=member.pk).name == "Rina Siregr"
