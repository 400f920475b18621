"""Demo data for the two pilots: real places, clearly fictional people (all named "(Demo)").

Idempotent: running it again updates the same rows and resets the demo passwords.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sigap.notifications.models import MESSAGE_KINDS, MessageLink
from sigap.people.models import Membership, Organisation, OrgType, Role
from sigap.regions.models import Area

DEMO_PASSWORD = "sigap-demo-2026"
MEDAN = "12.71"
MALANG = "35.73"
TERJUN = "12.71.12.1003"
MEDAN_MARELAN = "12.71.12"
MALANG_PILOT_KELURAHAN = {
    "kotalama": "35.73.03.1001",
    "tanjungrejo": "35.73.04.1006",
    "sukoharjo": "35.73.02.1005",
    "ketawanggede": "35.73.05.1006",
    "polehan": "35.73.01.1010",
}

ORGANISATIONS = [
    ("Badan Kesbangpol Kota Medan", OrgType.CITY_GOVERNMENT, MEDAN),
    ("IOM Indonesia – Medan", OrgType.IOM, MEDAN),
    ("UNHCR – Medan", OrgType.UNHCR, MEDAN),
    ("Polrestabes Medan – Unit PPA", OrgType.POLRI_PPA, MEDAN),
    ("UPTD PPA Kota Medan", OrgType.UPTD_PPA, MEDAN),
    ("Kantor Lurah Terjun", OrgType.KELURAHAN_OFFICE, TERJUN),
    ("Kantor Camat Medan Marelan", OrgType.KECAMATAN_OFFICE, MEDAN_MARELAN),
    ("LPA Kota Malang", OrgType.LPA, MALANG),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str
    organisation: str
    area: str


LOGINS = [
    DemoLogin(
        "koordinator.medan", "Rina Siregar", Role.COORDINATOR, "Badan Kesbangpol Kota Medan", MEDAN
    ),
    DemoLogin("duta.terjun", "Andi Lubis", Role.AMBASSADOR, "Badan Kesbangpol Kota Medan", TERJUN),
    DemoLogin(
        "duta.terjun2", "Sari Nasution", Role.AMBASSADOR, "Badan Kesbangpol Kota Medan", TERJUN
    ),
    DemoLogin("fkdm.terjun", "Budi Harahap", Role.FKDM, "Badan Kesbangpol Kota Medan", TERJUN),
    DemoLogin("relawan.terjun", "Rudi Sembiring", Role.RELAWAN, "Kantor Lurah Terjun", TERJUN),
    DemoLogin("lurah.terjun", "Hendra Pane", Role.OFFICIAL, "Kantor Lurah Terjun", TERJUN),
    DemoLogin(
        "pekerja.kasus.medan",
        "Maya Sitompul",
        Role.CASE_WORKER,
        "Badan Kesbangpol Kota Medan",
        MEDAN,
    ),
    DemoLogin("focal.uptd.medan", "Dewi Hutapea", Role.FOCAL_POINT, "UPTD PPA Kota Medan", MEDAN),
    DemoLogin("focal.iom.medan", "Tom Aritonang", Role.FOCAL_POINT, "IOM Indonesia – Medan", MEDAN),
    DemoLogin("analis.medan", "Yusuf Daulay", Role.ANALYST, "Badan Kesbangpol Kota Medan", MEDAN),
    DemoLogin("koordinator.malang", "Lestari Wibowo", Role.COORDINATOR, "LPA Kota Malang", MALANG),
] + [
    DemoLogin(f"relawan.{key}", f"Relawan {key.title()}", Role.RELAWAN, "LPA Kota Malang", code)
    for key, code in MALANG_PILOT_KELURAHAN.items()
]


def _user(username: str, name: str, *, superuser: bool = False):
    User = get_user_model()
    first, _, last = name.partition(" ")
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": f"{last} (Demo)".strip(),
            "is_active": True,
            "is_superuser": superuser,
            "is_staff": superuser,
            "email": f"{username}@demo.sigap.invalid",
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_people() -> list[DemoLogin]:
    missing = {MEDAN, MALANG, TERJUN} - set(
        Area.objects.filter(code__in=[MEDAN, MALANG, TERJUN]).values_list("code", flat=True)
    )
    if missing:
        raise LookupError(f"import the areas first (missing {', '.join(sorted(missing))})")
    orgs = {}
    for name, type_, area in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.update_or_create(
            name=name, area_id=area, defaults={"type": type_}
        )
    _user("admin", "Admin SIGAP", superuser=True)
    for login in LOGINS:
        user = _user(login.username, login.name)
        Membership.objects.update_or_create(
            user=user,
            organisation=orgs[login.organisation],
            role=login.role,
            area_id=login.area,
            defaults={"is_active": True, "ends_on": None},
        )
    return LOGINS


# The Medan UPTD PPA focal point's notices go to a simulated Telegram chat (the simulator's
# staff page, /kanal/simulator/staf/): a made-up chat id, nobody's.
FOCAL_POINT_CHAT = ("focal.uptd.medan", "telegram", "700100001")


@transaction.atomic
def load_channels() -> MessageLink:
    username, channel, chat = FOCAL_POINT_CHAT
    user = get_user_model().objects.get(username=username)
    link, _ = MessageLink.objects.update_or_create(
        user=user,
        defaults={
            "channel": channel,
            "address": chat,
            "kinds": list(MESSAGE_KINDS),
            "linked_at": timezone.now(),
        },
    )
    return link
