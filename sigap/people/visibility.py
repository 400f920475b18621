"""Which people, organisations, memberships and audit rows a user may see.

Built only on ``access.area_q``/``access.scopes``, so the rules stay those of ``access``: scoped
by area and failing closed. Each ``access_*`` gives the same 404 for missing and forbidden.
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404

from sigap.people import access
from sigap.people.models import AuditEvent, Membership, Organisation, User


def memberships_visible_to(viewer, permission: str = "people.view"):
    return Membership.objects.filter(access.area_q(viewer, permission))


def users_visible_to(viewer):
    """Users holding (or having held) a membership in the viewer's scope."""
    if access.NATIONAL in access.scopes(viewer, "people.view"):
        return User.objects.all()
    return User.objects.filter(pk__in=memberships_visible_to(viewer).values("user_id")).order_by(
        "username"
    )


def organisations_visible_to(viewer, permission: str = "people.view"):
    return Organisation.objects.filter(access.area_q(viewer, permission)).select_related("area")


def access_user(viewer, pk) -> User:
    return get_object_or_404(users_visible_to(viewer), pk=pk)


def access_organisation(viewer, pk, permission: str = "people.manage") -> Organisation:
    return get_object_or_404(organisations_visible_to(viewer, permission), pk=pk)


def access_membership(viewer, pk) -> Membership:
    return get_object_or_404(
        memberships_visible_to(viewer, "people.manage").select_related("user"), pk=pk
    )


def audit_visible_to(viewer):
    """Administrators see everything; coordinators see events in their areas and events
    without an area (sign-ins, 2FA) of the people in their scope."""
    scope = access.scopes(viewer, "people.view")
    if not scope:
        raise Http404("no audit access")
    if access.NATIONAL in scope:
        return AuditEvent.objects.all()
    people = users_visible_to(viewer)
    people_ids = people.annotate(sid=Cast("pk", CharField())).values("sid")
    about_people = Q(area_code="") & (
        Q(actor__in=people.values("pk")) | Q(object_type="user", object_id__in=people_ids)
    )
    return AuditEvent.objects.filter(
        access.area_q(viewer, "people.view", field="area_code") | about_people
    )
