"""People and organisation management, scoped by area: Medan manages Medan, never Malang."""

import pytest
from django.contrib.auth import get_user_model

from sigap.people.models import AuditEvent, Membership, Organisation, OrgType, Role
from tests import personas

pytestmark = pytest.mark.django_db
User = get_user_model()


def new_person(**overrides):
    data = {
        "username": "duta_terjun_2",
        "first_name": "Sari",
        "last_name": "(Demo)",
        "email": "",
        "organisation": personas.kesbangpol_medan().pk,
        "role": Role.AMBASSADOR,
        "area": personas.TERJUN,
        "ends_on": "",
    }
    return data | overrides


def test_medan_coordinator_lists_medan_people_only(
    as_user, medan_coordinator, terjun_ambassador, ketawanggede_relawan
):
    page = as_user(medan_coordinator).get("/akun/pengguna/").content.decode()
    assert "duta_terjun" in page and "relawan_ketawanggede" not in page
    client = as_user(medan_coordinator)
    assert client.get(f"/akun/pengguna/{ketawanggede_relawan.pk}/").status_code == 404
    assert client.get(f"/akun/pengguna/{terjun_ambassador.pk}/").status_code == 200


def test_coordinator_creates_a_person_with_a_role_by_area_name(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    response = client.post("/akun/pengguna/baru/", new_person(area="terjun"))
    assert response.status_code == 200, response.content.decode()[:2000]
    user = User.objects.get(username="duta_terjun_2")
    password = response.context["password"]
    assert password in response.content.decode() and user.check_password(password)
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.area_id) == (Role.AMBASSADOR, personas.TERJUN)
    assert AuditEvent.objects.filter(
        action="user.create", object_id=str(user.pk), actor=medan_coordinator
    ).exists()
    assert AuditEvent.objects.filter(
        action="membership.grant", area_code=personas.TERJUN, actor=medan_coordinator
    ).exists()


def test_coordinator_cannot_create_anyone_in_malang(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    response = client.post("/akun/pengguna/baru/", new_person(area=personas.KETAWANGGEDE))
    assert response.status_code == 400
    assert "Tidak ada wilayah dengan kode 35.73.05.1006 yang Anda kelola" in (
        response.content.decode()
    )
    assert 'value="duta_terjun_2"' in response.content.decode()  # what was typed is kept
    by_name = client.post("/akun/pengguna/baru/", new_person(area="Ketawang Gede"))
    assert by_name.status_code == 400
    assert not User.objects.filter(username="duta_terjun_2").exists()  # nothing half-saved


def test_coordinator_cannot_use_an_organisation_outside_their_scope(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    response = client.post(
        "/akun/pengguna/baru/", new_person(organisation=personas.lpa_malang().pk)
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="duta_terjun_2").exists()


def test_coordinator_cannot_grant_administrator(as_user, medan_coordinator, terjun_ambassador):
    client = as_user(medan_coordinator)
    response = client.post("/akun/pengguna/baru/", new_person(role=Role.ADMIN, area="12.71"))
    assert response.status_code == 400
    response = client.post(
        f"/akun/pengguna/{terjun_ambassador.pk}/peran/",
        {
            "organisation": personas.kesbangpol_medan().pk,
            "role": Role.ADMIN,
            "area": personas.MEDAN,
        },
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(role=Role.ADMIN).exists()


def test_username_taken_and_empty_fields_read_in_indonesian(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    personas.terjun_ambassador()
    response = client.post(
        "/akun/pengguna/baru/", new_person(username="DUTA_TERJUN", first_name="", area="")
    )
    page = response.content.decode()
    assert "Nama pengguna ini sudah dipakai" in page
    assert "Bidang ini tidak boleh kosong" in page


def test_grant_and_end_a_membership(as_user, medan_coordinator, terjun_ambassador):
    client = as_user(medan_coordinator)
    response = client.post(
        f"/akun/pengguna/{terjun_ambassador.pk}/peran/",
        {
            "organisation": personas.kesbangpol_medan().pk,
            "role": Role.FKDM,
            "area": "Medan Marelan",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=terjun_ambassador, role=Role.FKDM)
    assert membership.area_id == personas.MEDAN_MARELAN
    assert client.post(f"/akun/peran/{membership.pk}/akhiri/").status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(
        action="membership.revoke", object_id=str(membership.pk)
    ).exists()


def test_medan_cannot_end_or_deactivate_in_malang(as_user, medan_coordinator, ketawanggede_relawan):
    client = as_user(medan_coordinator)
    membership = Membership.objects.get(user=ketawanggede_relawan)
    assert client.post(f"/akun/peran/{membership.pk}/akhiri/").status_code == 404
    assert client.post(f"/akun/pengguna/{ketawanggede_relawan.pk}/nonaktifkan/").status_code == 404
    membership.refresh_from_db()
    ketawanggede_relawan.refresh_from_db()
    assert membership.is_active and ketawanggede_relawan.is_active


def test_deactivate_refused_when_the_person_also_works_elsewhere(
    as_user, medan_coordinator, terjun_ambassador
):
    personas.person(
        "duta_terjun", role=Role.RELAWAN, area=personas.KETAWANGGEDE, org=personas.lpa_malang()
    )
    client = as_user(medan_coordinator)
    assert client.post(f"/akun/pengguna/{terjun_ambassador.pk}/nonaktifkan/").status_code == 404
    terjun_ambassador.refresh_from_db()
    assert terjun_ambassador.is_active


def test_deactivated_person_cannot_sign_in(as_user, client, medan_coordinator, terjun_ambassador):
    as_user(medan_coordinator).post(f"/akun/pengguna/{terjun_ambassador.pk}/nonaktifkan/")
    terjun_ambassador.refresh_from_db()
    assert not terjun_ambassador.is_active
    assert AuditEvent.objects.filter(
        action="user.deactivate", object_id=str(terjun_ambassador.pk)
    ).exists()
    client.post("/akun/keluar/")
    response = client.post(
        "/akun/masuk/", {"username": "duta_terjun", "password": personas.PASSWORD}
    )
    assert response.status_code == 200 and "Nama pengguna atau kata sandi salah" in (
        response.content.decode()
    )


def test_organisations_are_scoped(as_user, medan_coordinator, malang_coordinator):
    client = as_user(medan_coordinator)
    page = client.get("/akun/organisasi/").content.decode()
    assert "Badan Kesbangpol Kota Medan" in page and "LPA Kota Malang" not in page
    lpa = personas.lpa_malang()
    assert client.get(f"/akun/organisasi/{lpa.pk}/").status_code == 404
    assert (
        client.post(
            f"/akun/organisasi/{lpa.pk}/",
            {"name": "Diambil alih", "type": OrgType.NGO, "area": personas.MEDAN},
        ).status_code
        == 404
    )
    lpa.refresh_from_db()
    assert lpa.name == "LPA Kota Malang"


def test_coordinator_creates_and_edits_an_organisation(as_user, medan_coordinator):
    client = as_user(medan_coordinator)
    response = client.post(
        "/akun/organisasi/baru/",
        {
            "name": "Kantor Lurah Terjun",
            "type": OrgType.KELURAHAN_OFFICE,
            "area": "Terjun",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Kantor Lurah Terjun")
    assert org.area_id == personas.TERJUN
    response = client.post(
        f"/akun/organisasi/{org.pk}/",
        {
            "name": "Kantor Lurah Terjun",
            "type": OrgType.KELURAHAN_OFFICE,
            "area": personas.KETAWANGGEDE,
            "is_active": "on",
        },
    )
    assert response.status_code == 400  # cannot move it to Malang
    org.refresh_from_db()
    assert org.area_id == personas.TERJUN
    assert AuditEvent.objects.filter(
        action="organisation.create", object_id=str(org.pk), area_code=personas.TERJUN
    ).exists()


def test_duplicate_organisation_is_refused_with_a_clear_message(as_user, medan_coordinator):
    response = as_user(medan_coordinator).post(
        "/akun/organisasi/baru/",
        {
            "name": "badan kesbangpol kota medan",
            "type": OrgType.CITY_GOVERNMENT,
            "area": personas.MEDAN,
        },
    )
    assert response.status_code == 400
    assert "Organisasi dengan nama ini sudah ada" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/akun/pengguna/",
        "/akun/pengguna/baru/",
        "/akun/organisasi/",
        "/akun/organisasi/baru/",
        "/akun/audit/",
    ],
)
def test_people_without_management_roles_get_404(as_user, outsider, terjun_ambassador, path):
    assert as_user(outsider).get(path).status_code == 404
    assert as_user(terjun_ambassador).get(path).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, areas):
    response = client.get("/akun/pengguna/")
    assert response.status_code == 302 and response.url.startswith("/akun/masuk/")


def test_administrator_can_grant_administrator(as_user, administrator, terjun_ambassador):
    response = as_user(administrator).post(
        f"/akun/pengguna/{terjun_ambassador.pk}/peran/",
        {
            "organisation": personas.kesbangpol_medan().pk,
            "role": Role.ADMIN,
            "area": personas.MEDAN,
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=terjun_ambassador, role=Role.ADMIN).exists()


def test_area_names_forgive_spelling_and_ambiguity_is_explained(
    as_user, medan_coordinator, administrator
):
    typo = as_user(medan_coordinator).post("/akun/pengguna/baru/", new_person(area="Terjn"))
    assert typo.status_code == 200
    assert Membership.objects.get(user__username="duta_terjun_2").area_id == personas.TERJUN
    both = as_user(administrator).post(
        "/akun/pengguna/baru/", new_person(username="orang_baru", area="tanjung rejo")
    )
    assert both.status_code == 400
    assert "Beberapa wilayah cocok" in both.content.decode()
