"""``GET /me``: who the caller is, what roles they hold and over which areas."""

from datetime import date

from django.utils.translation import gettext_noop
from ninja import Router, Schema

from sigap.people import access
from sigap.people.models import Role

router = Router(tags=["me"])


class AreaRef(Schema):
    code: str
    name: str


class OrganisationRef(Schema):
    id: int
    name: str
    type: str


class MembershipOut(Schema):
    organisation: OrganisationRef
    role: str
    role_label: str
    area: AreaRef
    ends_on: date | None


class RoleOut(Schema):
    code: str
    label: str


class MeOut(Schema):
    username: str
    display_name: str
    language: str
    roles: list[RoleOut]
    memberships: list[MembershipOut]
    scopes: dict[str, list[str]]
    needs_two_factor: bool


@router.get(
    "/me",
    response=MeOut,
    summary=gettext_noop("Who am I"),
    description=gettext_noop(
        "The signed-in user, their memberships, and the area "
        "codes over which they hold each permission (“*” is the "
        "whole country)."
    ),
)
def me(request):
    user = request.auth
    memberships = access.active_memberships(user)
    return {
        "username": user.username,
        "display_name": user.display_name,
        "language": user.language,
        "roles": [{"code": r, "label": str(Role(r).label)} for r in sorted(access.roles_of(user))],
        "memberships": [_membership(m) for m in memberships],
        "scopes": {p: access.scopes(user, p) for p in access.PERMISSIONS},
        "needs_two_factor": access.needs_two_factor(user),
    }


def _membership(m) -> dict:
    return {
        "organisation": {
            "id": m.organisation.pk,
            "name": m.organisation.name,
            "type": m.organisation.type,
        },
        "role": m.role,
        "role_label": m.get_role_display(),
        "area": {"code": m.area.code, "name": m.area.display_name},
        "ends_on": m.ends_on,
    }
