"""The refugee task force's page: Medan's aggregates, for task-force members only."""

import pytest

from sigap.refugees.demo import load_refugees
from sigap.refugees.models import Headcount, TaskForceMember
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def medan_task_force(areas):
    load_refugees()
    member = personas.medan_coordinator()
    TaskForceMember.objects.create(user=member, area_id=personas.MEDAN, agency="Kesbangpol")
    return member


def test_members_see_medans_aggregates_and_the_total_over_time(as_user, medan_task_force):
    client = as_user(medan_task_force)
    assert client.get("/pengungsi/").url == f"/pengungsi/{personas.MEDAN}/"
    page = client.get(f"/pengungsi/{personas.MEDAN}/").content.decode()
    assert 'id="refugee-total">1734<' in page
    assert "Afganistan" in page or "Afghanistan" in page
    assert "Rudenim Belawan" in page and "polyline" in page
    home = client.get("/").content.decode()
    assert "/pengungsi/" in home


@pytest.mark.parametrize(
    "persona", ["medan_analyst", "terjun_ambassador", "medan_case_worker", "outsider"]
)
def test_nobody_outside_the_task_force_sees_refugee_data(as_user, medan_task_force, persona):
    client = as_user(getattr(personas, persona)())
    assert client.get("/pengungsi/").status_code == 404
    assert client.get(f"/pengungsi/{personas.MEDAN}/").status_code == 404
    assert "/pengungsi/" not in client.get("/").content.decode()


def test_a_member_sees_only_their_own_areas_task_force(as_user, medan_task_force):
    client = as_user(medan_task_force)
    assert client.get(f"/pengungsi/{personas.MALANG}/").status_code == 404
    TaskForceMember.objects.filter(user=medan_task_force).update(is_active=False)
    assert client.get(f"/pengungsi/{personas.MEDAN}/").status_code == 404


def test_the_demo_is_idempotent_and_holds_no_person(areas):
    load_refugees()
    before = Headcount.objects.count()
    load_refugees()
    assert Headcount.objects.count() == before
    field_names = {f.name for f in Headcount._meta.fields}
    assert not field_names & {"name", "birth_date", "document", "phone"}


def test_a_member_enters_a_count_date_and_the_total_follows(as_user, medan_task_force):
    from sigap.refugees.forms import cell_name

    client = as_user(medan_task_force)
    data = {"counted_on": "2026-03-31", "source": "UNHCR"}
    data[cell_name("AF", "m", "18-59")] = "900"
    data[cell_name("SO", "f", "0-17")] = "820"
    response = client.post(f"/pengungsi/{personas.MEDAN}/hitungan/", data)
    assert response.url == f"/pengungsi/{personas.MEDAN}/"
    page = client.get(response.url).content.decode()
    assert 'id="refugee-total">1720<' in page
    data[cell_name("SO", "f", "0-17")] = "800"  # a correction replaces the date's figures
    client.post(f"/pengungsi/{personas.MEDAN}/hitungan/", data)
    assert 'id="refugee-total">1700<' in client.get(response.url).content.decode()
    outsider = as_user(personas.medan_analyst())
    assert outsider.post(f"/pengungsi/{personas.MEDAN}/hitungan/", data).status_code == 404
