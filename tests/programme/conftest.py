"""Programmes for the two pilots, built through the actions the pages use."""

from datetime import date

import pytest

from sigap.programme import actions
from sigap.regions.models import Area
from tests import personas

MEDAN_PILOT = ["12.71.08", "12.71.09", "12.71.12", "12.71.13", "12.71.21"]
MALANG_KELURAHAN = [
    "35.73.03.1001",
    "35.73.04.1006",
    "35.73.02.1005",
    "35.73.05.1006",
    "35.73.01.1010",
]


def make_medan_programme():
    programme = actions.programme_create(
        actor=None,
        name="Duta Anti Trafficking Kota Medan",
        lead=personas.kesbangpol_medan(),
        area=Area.objects.get(code=personas.MEDAN),
        starts_on=date(2026, 1, 1),
        reports_start=date(2026, 1, 1),
    )
    actions.phase_create(
        actor=None,
        programme=programme,
        name="Pilot",
        starts_on=date(2026, 1, 1),
        areas=list(Area.objects.filter(code__in=MEDAN_PILOT)),
    )
    return programme


def make_malang_programme():
    programme = actions.programme_create(
        actor=None,
        name="Komunitas PP TPPO Kota Malang",
        lead=personas.lpa_malang(),
        area=Area.objects.get(code=personas.MALANG),
        starts_on=date(2025, 10, 1),
        reports_start=date(2025, 10, 1),
    )
    actions.phase_create(
        actor=None,
        programme=programme,
        name="Pilot",
        starts_on=date(2025, 10, 1),
        areas=list(Area.objects.filter(code__in=MALANG_KELURAHAN)),
    )
    return programme


@pytest.fixture
def medan_programme(areas):
    return make_medan_programme()


@pytest.fixture
def malang_programme(areas):
    return make_malang_programme()


@pytest.fixture
def terjun_event(medan_programme):
    event = actions.event_create(
        actor=None,
        programme=medan_programme,
        kind="sosialisasi",
        title="Sosialisasi Pencegahan TPPO",
        area=Area.objects.get(code=personas.TERJUN),
        venue="Kantor Lurah Terjun",
        starts_on=date(2026, 3, 10),
        days=2,
    )
    for name, sex in [("Ani (Demo)", "p"), ("Budi (Demo)", "l"), ("Citra (Demo)", "p")]:
        actions.participant_register(
            actor=None, event=event, name=name, sex=sex, area=event.area, phone="0812-3456-7890"
        )
    return event


@pytest.fixture
def bearer(areas):
    """``bearer(user)``: headers carrying a fresh personal API token of that user."""
    from sigap.people.tokens import token_create

    def make(user):
        _token, raw = token_create(user=user, name="uji")
        return {"Authorization": f"Bearer {raw}"}

    return make
