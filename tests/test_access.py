"""The access matrix over the personas: scoped by area, failing closed."""

import pytest
from django.http import Http404

from sigap.people import access
from sigap.people.models import Membership
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db


def visible_codes(user):
    return set(access.areas_visible_to(user).values_list("code", flat=True))


def test_terjun_ambassador_sees_terjun_and_nothing_of_malang(terjun_ambassador):
    codes = visible_codes(terjun_ambassador)
    assert codes == {personas.TERJUN}
    assert not access.can(terjun_ambassador, "area.view", personas.MALANG)
    assert not access.can(terjun_ambassador, "area.view", personas.MEDAN)
    with pytest.raises(Http404):
        access.access_area(terjun_ambassador, personas.KETAWANGGEDE)


def test_medan_coordinator_sees_all_of_medan_and_nothing_of_malang(medan_coordinator):
    codes = visible_codes(medan_coordinator)
    medan = set(
        Area.objects.descendants_of(personas.MEDAN, include_self=True).values_list(
            "code", flat=True
        )
    )
    assert codes == medan
    assert len([c for c in codes if c.count(".") == 3]) == 151
    assert not any(c.startswith(personas.MALANG) for c in codes)
    assert access.can(medan_coordinator, "people.manage", personas.TERJUN)
    assert not access.can(medan_coordinator, "people.manage", personas.KETAWANGGEDE)


def test_user_without_membership_sees_nothing(outsider):
    assert visible_codes(outsider) == set()
    for permission in access.PERMISSIONS:
        assert access.scopes(outsider, permission) == []
        assert not access.can(outsider, permission)
    with pytest.raises(Http404):
        access.access_area(outsider, personas.TERJUN)


def test_ended_membership_grants_nothing(terjun_ambassador):
    Membership.objects.filter(user=terjun_ambassador).update(ends_on="2020-01-01")
    terjun_ambassador = type(terjun_ambassador).objects.get(pk=terjun_ambassador.pk)
    assert visible_codes(terjun_ambassador) == set()


def test_unknown_permission_is_an_error_not_a_grant(medan_coordinator):
    with pytest.raises(KeyError):
        access.can(medan_coordinator, "everything")


def test_roles_that_see_personal_data_need_two_factor(
    medan_coordinator, terjun_ambassador, medan_case_worker, medan_analyst
):
    assert access.needs_two_factor(medan_coordinator)
    assert access.needs_two_factor(medan_case_worker)
    assert not access.needs_two_factor(terjun_ambassador)
    assert not access.needs_two_factor(medan_analyst)


def test_superuser_has_national_scope(administrator):
    assert access.scopes(administrator, "area.view") == [access.NATIONAL]
    assert access.can(administrator, "people.manage", personas.KETAWANGGEDE)
