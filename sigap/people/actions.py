"""Writes to people, organisations and memberships. Each one is atomic and audited.

``actor`` is the signed-in user doing it, or None for the command line (demo data, imports),
which is trusted. For a signed-in actor every write re-checks the scope here, so a view that
forgot a check still cannot grant more than the actor holds.
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sigap.people import access
from sigap.people.audit import audit_record
from sigap.people.models import Membership, Organisation, Role, User

ORGANISATION_FIELDS = ("name", "type", "email", "phone", "address", "is_active")


def _require_manage(actor, area_code: str) -> None:
    if actor is not None and not access.can(actor, "people.manage", area_code):
        raise PermissionDenied("outside the actor's scope")


def _require_may_grant(actor, role: str, area_code: str) -> None:
    _require_manage(actor, area_code)
    if actor is not None and role == Role.ADMIN and not actor.is_superuser:
        raise PermissionDenied("only superusers grant the administrator role")


def temporary_password() -> str:
    """A first password, shown once to the coordinator who hands it over."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str = "",
    email: str = "",
    organisation: Organisation,
    role: str,
    area,
    ends_on=None,
    password: str | None = None,
) -> tuple[User, str]:
    """Create a user with one membership; returns the user and their first password.

    Invariant: a user made through the pages always has a membership the actor manages, so the
    actor can see and end what they created.
    """
    _require_may_grant(actor, role, area.code)
    password = password or temporary_password()
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, area_code=area.code)
    membership_grant(
        actor=actor, user=user, organisation=organisation, role=role, area=area, ends_on=ends_on
    )
    return user, password


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str = "") -> None:
    """Switch the account off: no sign-in, no API token, memberships kept for the record.

    Refused unless every active membership of the user lies in the actor's scope, so a
    coordinator cannot cut off what the user does elsewhere; superusers only by superusers.
    """
    if actor is not None:
        if user.is_superuser and not actor.is_superuser:
            raise PermissionDenied("only superusers deactivate superusers")
        memberships = Membership.objects.active().filter(user=user)
        for membership in memberships:
            _require_manage(actor, membership.area_id)
        if not memberships and not actor.is_superuser:
            raise PermissionDenied("nothing of this user is in the actor's scope")
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.deactivate", obj=user, reason=reason)


@transaction.atomic
def membership_grant(
    *, actor, user: User, organisation: Organisation, role: str, area, starts_on=None, ends_on=None
) -> Membership:
    """Give ``user`` ``role`` in ``organisation`` over ``area``; re-activates an ended one."""
    _require_may_grant(actor, role, area.code)
    membership, created = Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        area=area,
        defaults={"starts_on": starts_on or timezone.localdate(), "ends_on": ends_on},
    )
    if not created:
        membership.is_active = True
        membership.starts_on = starts_on or timezone.localdate()
        membership.ends_on = ends_on
        membership.save(update_fields=["is_active", "starts_on", "ends_on"])
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        detail={"role": role, "user_id": user.pk, "organisation_id": organisation.pk},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership, reason: str = "") -> None:
    """End a membership today. The row stays, so the history of who held what remains."""
    _require_may_grant(actor, membership.role, membership.area_id)
    today = timezone.localdate()
    membership.is_active = False
    if membership.ends_on is None or membership.ends_on > today:
        membership.ends_on = today
    membership.save(update_fields=["is_active", "ends_on"])
    audit_record(
        actor=actor,
        action="membership.revoke",
        obj=membership,
        reason=reason,
        detail={"role": membership.role, "user_id": membership.user_id},
    )


@transaction.atomic
def organisation_create(
    *, actor, name: str, type: str, area, email: str = "", phone: str = "", address: str = ""
) -> Organisation:
    _require_manage(actor, area.code)
    organisation = Organisation.objects.create(
        name=name.strip(), type=type, area=area, email=email, phone=phone, address=address
    )
    audit_record(actor=actor, action="organisation.create", obj=organisation)
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, area, **values) -> Organisation:
    """Change an organisation; both its old and its new area must be in the actor's scope."""
    _require_manage(actor, organisation.area_id)
    _require_manage(actor, area.code)
    changed = [
        f for f in ORGANISATION_FIELDS if f in values and getattr(organisation, f) != values[f]
    ]
    for field in changed:
        setattr(organisation, field, values[field])
    if organisation.area_id != area.code:
        organisation.area = area
        changed.append("area")
    organisation.save()
    audit_record(
        actor=actor, action="organisation.update", obj=organisation, detail={"fields": changed}
    )
    return organisation


@transaction.atomic
def profile_update(
    *, user: User, first_name: str, last_name: str, email: str, language: str
) -> None:
    user.first_name, user.last_name, user.email, user.language = (
        first_name,
        last_name,
        email,
        language,
    )
    user.save(update_fields=["first_name", "last_name", "email", "language"])


@transaction.atomic
def password_change(*, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="password.change", obj=user)
