import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from PIL import Image

from sigap.cases import actions, referral_actions
from sigap.cases.choices import Channel, TraffickingStatus
from sigap.cases.models import Victim
from sigap.regions.models import Area
from tests import personas

BELAWAN_KEL = "12.71.13.1001"  # a kelurahan in another kecamatan of Medan


@pytest.fixture(autouse=True)
def cache_table(db, settings, tmp_path):
    """The database cache holds the rate limits; uploads go to a throwaway folder."""
    call_command("createcachetable", verbosity=0)
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF holds a camera model and GPS position, as phones write them."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "KameraRahasia"  # Model
    gps = {1: "N", 2: (3.0, 41.0, 12.5), 3: "E", 4: (98.0, 40.0, 1.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def report_data(area=personas.TERJUN, **extra) -> dict:
    data = {
        "area": Area.objects.get(code=area),
        "what": "Tawaran kerja admin di Kamboja, gaji 15 juta, berangkat pakai visa turis.",
        "suspect": "Agen bernama Pak Budi",
        "suspect_identifiers": "0812-3456-7890",
        "destination_country": "KH",
        "indicators": ["deception", "tourist_visa"],
        "recruitment_apps": ["Facebook", "WhatsApp"],
    }
    data.update(extra)
    return data


def make_report(area=personas.TERJUN, submitted_by=None, *, process=True, **extra):
    """A stored report; ``process`` also runs the worker's step that completes it."""
    report, code = actions.report_submit(
        data=report_data(area, **extra),
        channel=Channel.WEB if submitted_by is None else Channel.OUTREACH,
        submitted_by=submitted_by,
    )
    if process:
        actions.reports_process()
        report.refresh_from_db()
    return report, code


def make_case(worker, *, victim=True, consent=True, birth_year=1995):
    report, _code = make_report()
    actions.report_triage(report=report, actor=worker, decision=TraffickingStatus.POSSIBLE)
    case = actions.case_open(report=report, actor=worker)
    if victim:
        v = actions.victim_add(
            case=case,
            actor=worker,
            first_name="Siti",
            second_name="Rahmawati",
            nik="1271010101950001",
            birth_year=birth_year,
            gender="Feminine",
        )
        if consent:
            referral_actions.consent_record(
                case=case,
                victim=v,
                actor=worker,
                given_by="victim",
                for_services=True,
                for_disclosure=True,
            )
    return case


@pytest.fixture
def case_with_consent(medan_case_worker):
    return make_case(medan_case_worker)


@pytest.fixture
def victim(case_with_consent):
    return Victim.objects.get(case=case_with_consent)
