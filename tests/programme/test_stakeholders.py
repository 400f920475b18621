"""Malang's Komunitas PP TPPO: the stakeholder register, attendance at rakor and audiensi, the
commitments each made, and the pact signed at the audiensi as one record."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from sigap.people.models import AuditEvent
from sigap.programme import actions, stakeholders
from sigap.programme.models import Stakeholder
from sigap.regions.models import Area
from tests import personas
from tests.programme.conftest import MALANG_KELURAHAN

pytestmark = pytest.mark.django_db


def _event(programme, kind, title):
    return actions.event_create(
        actor=None,
        programme=programme,
        kind=kind,
        title=title,
        area=programme.area,
        venue="Balai Kota Malang",
        starts_on=date(2025, 11, 5),
        days=1,
    )


@pytest.fixture
def dp3ap2kb(malang_programme):
    return stakeholders.stakeholder_add(
        actor=None,
        programme=malang_programme,
        organisation="DP3AP2KB Kota Malang",
        kind="opd",
        area=malang_programme.area,
        role="anggota komunitas",
        representative="Bu Kepala Bidang (Demo)",
        phone="+6281234500001",
    )


def test_contact_details_are_encrypted_and_reading_them_is_audited(
    as_user, malang_programme, dp3ap2kb
):
    table = Stakeholder._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {table} WHERE id = %s", [dp3ap2kb.pk])  # noqa: S608
        stored = cursor.fetchone()[0]
    assert "6281234500001" not in stored
    client = as_user(personas.malang_coordinator())
    page = client.get(reverse("programme:stakeholders", args=[malang_programme.pk]))
    assert "+6281234500001" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="personal.read", reason="stakeholder register", actor=page.wsgi_request.user
    ).exists()


def test_register_is_for_coordinators_only(as_user, malang_programme, dp3ap2kb):
    for user in (personas.ketawanggede_relawan(), personas.medan_coordinator()):
        page = as_user(user).get(reverse("programme:stakeholders", args=[malang_programme.pk]))
        assert page.status_code == 404


def test_audiensi_records_stakeholders_commitments_and_the_pact(
    as_user, malang_programme, dp3ap2kb
):
    audiensi = _event(malang_programme, "audiensi", "Audiensi Komunitas PP TPPO")
    stakeholders.stakeholder_attendance_set(
        actor=None, event=audiensi, present={dp3ap2kb.pk: "Staf bidang PPA (Demo)"}
    )
    stakeholders.stakeholder_commit(
        actor=None, event=audiensi, stakeholder=dp3ap2kb, text="Menyediakan rumah aman"
    )
    pact = stakeholders.audiensi_pact_record(
        actor=None,
        event=audiensi,
        area=Area.objects.get(code=MALANG_KELURAHAN[0]),
        signed_on=audiensi.starts_on,
        signatories=[("Lurah Kotalama (Demo)", "Lurah", "Kelurahan Kotalama")],
        commitments=[("volunteers", "Membentuk relawan", 5)],
    )
    assert pact.event == audiensi
    client = as_user(personas.malang_coordinator())
    page = client.get(reverse("programme:event", args=[audiensi.pk])).content.decode()
    assert "DP3AP2KB Kota Malang" in page and "Staf bidang PPA (Demo)" in page
    assert "Menyediakan rumah aman" in page and "Kotalama" in page
    # Selection and tests belong to a sosialisasi, not to an audiensi.
    assert reverse("programme:selection", args=[audiensi.pk]) not in page
    assert reverse("programme:scores", args=[audiensi.pk]) not in page
    pact_page = client.get(reverse("programme:pact", args=[pact.pk])).content.decode()
    assert reverse("programme:event", args=[audiensi.pk]) in pact_page


def test_sosialisasi_keeps_its_selection_and_test_buttons(as_user, terjun_event):
    page = as_user(personas.medan_coordinator()).get(
        reverse("programme:event", args=[terjun_event.pk])
    )
    html = page.content.decode()
    assert reverse("programme:selection", args=[terjun_event.pk]) in html
    assert reverse("programme:event_stakeholders", args=[terjun_event.pk]) not in html


def test_stakeholders_only_at_rakor_or_audiensi(malang_programme, dp3ap2kb):
    sosialisasi = _event(malang_programme, "sosialisasi", "Sosialisasi")
    with pytest.raises(ValidationError):
        stakeholders.stakeholder_attendance_set(
            actor=None, event=sosialisasi, present={dp3ap2kb.pk: ""}
        )
    with pytest.raises(ValidationError):
        stakeholders.audiensi_pact_record(
            actor=None,
            event=sosialisasi,
            area=Area.objects.get(code=MALANG_KELURAHAN[0]),
            signed_on=sosialisasi.starts_on,
            signatories=[("A", "Lurah", "")],
            commitments=[],
        )


def test_attendance_through_the_page(as_user, malang_programme, dp3ap2kb):
    rakor = _event(malang_programme, "rakor", "Rakor Komunitas PP TPPO")
    client = as_user(personas.malang_coordinator())
    url = reverse("programme:event_stakeholders", args=[rakor.pk])
    response = client.post(url, {f"s{dp3ap2kb.pk}": "on", f"by{dp3ap2kb.pk}": ""})
    assert response.status_code == 302
    assert rakor.stakeholders.get().stakeholder == dp3ap2kb
