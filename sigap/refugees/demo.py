"""Demo data for the Medan task force: sites, headcounts over time ending at the 1,734 refugees
of the pilot's account, and a few incidents. Fictional figures per cell; real places."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from sigap.refugees.models import AgeGroup, Headcount, Incident, Nationality, Sex, Site
from sigap.refugees.models import TaskForceMember as Member

MEDAN = "12.71"
# (counted on, city total): the last is the pilot's own figure.
TOTALS = [
    (date(2024, 3, 31), 1_912),
    (date(2024, 6, 30), 1_876),
    (date(2024, 9, 30), 1_840),
    (date(2024, 12, 31), 1_801),
    (date(2025, 3, 31), 1_779),
    (date(2025, 6, 30), 1_752),
    (date(2025, 9, 30), 1_741),
    (date(2025, 12, 31), 1_734),
]
SHARES = {
    Nationality.AFGHANISTAN: 0.56,
    Nationality.SOMALIA: 0.15,
    Nationality.MYANMAR: 0.09,
    Nationality.SUDAN: 0.06,
    Nationality.IRAQ: 0.04,
    Nationality.PAKISTAN: 0.04,
    Nationality.SRI_LANKA: 0.03,
    Nationality.OTHER: 0.03,
}
SEX = {Sex.MALE: 0.63, Sex.FEMALE: 0.37}
AGE = {AgeGroup.CHILD: 0.28, AgeGroup.ADULT: 0.68, AgeGroup.OLDER: 0.04}
SITES = [
    ("Rumah komunitas Medan Sunggal (demo)", Site.Kind.COMMUNITY_HOUSING, "12.71.02", 420),
    ("Rumah komunitas Medan Selayang (demo)", Site.Kind.COMMUNITY_HOUSING, "12.71.21", 380),
    ("Rumah komunitas Medan Johor (demo)", Site.Kind.COMMUNITY_HOUSING, "12.71.11", 350),
    ("Rumah komunitas Medan Polonia (demo)", Site.Kind.COMMUNITY_HOUSING, "12.71.16", 300),
    ("Shelter keluarga Medan Baru (demo)", Site.Kind.SHELTER, "12.71.17", 240),
    ("Rudenim Belawan (demo)", Site.Kind.DETENTION, "12.71.08", 150),
]
INCIDENTS = [
    (Incident.Kind.SMUGGLING, date(2025, 8, 14), "12.71.08", 6, "Upaya keberangkatan lewat laut"),
    (Incident.Kind.MISSING, date(2025, 10, 2), "12.71.02", 2, "Dua penghuni tidak kembali"),
    (Incident.Kind.TRAFFICKING, date(2025, 11, 20), "12.71.21", 1, "Tawaran kerja mencurigakan"),
]
TASK_FORCE = [("koordinator.medan", "Badan Kesbangpol Kota Medan"), ("focal.iom.medan", "IOM")]


def cells(total: int) -> dict[tuple[str, str, str], int]:
    """``total`` split over nationality × sex × age by the shares, summing exactly to it
    (largest remainders)."""
    exact = {
        (n, s, a): total * pn * ps * pa
        for n, pn in SHARES.items()
        for s, ps in SEX.items()
        for a, pa in AGE.items()
    }
    out = {key: int(value) for key, value in exact.items()}
    left = total - sum(out.values())
    for key in sorted(exact, key=lambda k: exact[k] - out[k], reverse=True)[:left]:
        out[key] += 1
    return out


@transaction.atomic
def load_refugees() -> None:
    """Idempotent: sites and counts are looked up by name and cell before they are made."""
    for name, kind, area, capacity in SITES:
        Site.objects.get_or_create(
            name=name, defaults={"kind": kind, "area_id": area, "capacity": capacity}
        )
    for counted_on, total in TOTALS:
        for (nationality, sex, age), n in cells(total).items():
            Headcount.objects.get_or_create(
                area_id=MEDAN,
                counted_on=counted_on,
                nationality=nationality,
                sex=sex,
                age_group=age,
                defaults={"count": n, "source": "UNHCR / Imigrasi (demo)"},
            )
    for kind, day, area, people, summary in INCIDENTS:
        Incident.objects.get_or_create(
            kind=kind,
            happened_on=day,
            area_id=area,
            defaults={"people": people, "summary": summary},
        )
    users = get_user_model().objects.filter(username__in=[u for u, _agency in TASK_FORCE])
    agencies = dict(TASK_FORCE)
    for user in users:
        Member.objects.get_or_create(
            user=user, area_id=MEDAN, defaults={"agency": agencies[user.username]}
        )
