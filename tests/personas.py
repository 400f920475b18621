"""Small factories for the people every test talks about: real places, fictional people."""

from django.contrib.auth import get_user_model

from sigap.people.models import Membership, Organisation, OrgType, Role

PASSWORD = "sandi-uji-yang-panjang-1"

TERJUN = "12.71.12.1003"
MEDAN_MARELAN = "12.71.12"
MEDAN = "12.71"
MALANG = "35.73"
KETAWANGGEDE = "35.73.05.1006"

TWO_FACTOR_SESSION_KEY = "sigap_2fa_user"


def organisation(name: str, type: str, area: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(name=name, area_id=area, defaults={"type": type})
    return org


def person(
    username: str,
    *,
    role: str | None = None,
    area: str | None = None,
    org: Organisation | None = None,
    superuser: bool = False,
    **extra,
):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name=username.split("_")[0].title(),
            is_superuser=superuser,
            is_staff=superuser,
            **extra,
        )
        user.set_password(PASSWORD)
        user.save()
    if role:
        org = org or organisation("Badan Kesbangpol Kota Medan", OrgType.CITY_GOVERNMENT, MEDAN)
        Membership.objects.get_or_create(user=user, organisation=org, role=role, area_id=area)
    return user


def kesbangpol_medan():
    return organisation("Badan Kesbangpol Kota Medan", OrgType.CITY_GOVERNMENT, MEDAN)


def lpa_malang():
    return organisation("LPA Kota Malang", OrgType.LPA, MALANG)


def uptd_ppa_medan():
    return organisation("UPTD PPA Kota Medan", OrgType.UPTD_PPA, MEDAN)


def terjun_ambassador():
    return person("duta_terjun", role=Role.AMBASSADOR, area=TERJUN, org=kesbangpol_medan())


def medan_coordinator():
    return person("koordinator_medan", role=Role.COORDINATOR, area=MEDAN, org=kesbangpol_medan())


def malang_coordinator():
    return person("koordinator_malang", role=Role.COORDINATOR, area=MALANG, org=lpa_malang())


def ketawanggede_relawan():
    return person("relawan_ketawanggede", role=Role.RELAWAN, area=KETAWANGGEDE, org=lpa_malang())


def medan_case_worker():
    return person("pekerja_kasus_medan", role=Role.CASE_WORKER, area=MEDAN, org=kesbangpol_medan())


def uptd_focal_point():
    return person("focal_uptd_medan", role=Role.FOCAL_POINT, area=MEDAN, org=uptd_ppa_medan())


def medan_analyst():
    return person("analis_medan", role=Role.ANALYST, area=MEDAN, org=kesbangpol_medan())


def outsider():
    return person("orang_luar")


def administrator():
    return person("admin_nasional", superuser=True)
