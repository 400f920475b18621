"""The one place that decides what a user may see and do.

Every permission is held through an active membership, over an area and everything inside it.
No membership means nothing: each function here fails closed. Superusers hold every permission
over the whole country.
"""

from django.db.models import Prefetch, Q
from django.http import Http404

from sigap.people.models import Membership, Role
from sigap.regions.models import Area, prefix_bounds

COMMUNITY_ROLES = frozenset({Role.AMBASSADOR, Role.RELAWAN, Role.FKDM})
STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.CASE_WORKER, Role.FOCAL_POINT})
ALL_ROLES = frozenset(Role)

# permission -> roles that hold it (over their membership's area)
PERMISSIONS: dict[str, frozenset[str]] = {
    "area.view": ALL_ROLES,
    "people.view": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "people.manage": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "personal.view": frozenset(
        {Role.ADMIN, Role.COORDINATOR, Role.CASE_WORKER, Role.FOCAL_POINT, Role.OFFICIAL}
    ),
    "programme.manage": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "programme.participate": COMMUNITY_ROLES | {Role.OFFICIAL},
    "reports.submit": ALL_ROLES - {Role.ANALYST},
    "cases.handle": frozenset({Role.ADMIN, Role.CASE_WORKER}),
    "referrals.respond": frozenset({Role.FOCAL_POINT}),
    "aggregates.view": ALL_ROLES - COMMUNITY_ROLES,
    "conditions.file": COMMUNITY_ROLES | {Role.OFFICIAL},
    "conditions.confirm": frozenset({Role.ADMIN, Role.COORDINATOR, Role.OFFICIAL}),
    "cases.export": frozenset({Role.ADMIN, Role.CASE_WORKER}),
    "consent.override": frozenset({Role.ADMIN, Role.COORDINATOR}),
}

# Roles that can see personal data must sign in with a second factor.
TWO_FACTOR_ROLES = PERMISSIONS["personal.view"]

NATIONAL = "*"


def active_memberships(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for one request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sigap_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active().filter(user=user).select_related("area", "organisation")
        )
        user._sigap_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    return {m.role for m in active_memberships(user)}


def scopes(user, permission: str) -> list[str]:
    """Area codes over which ``user`` holds ``permission``; [NATIONAL] for the whole country."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return [NATIONAL]
    roles = PERMISSIONS.get(permission)
    if roles is None:
        raise KeyError(f"unknown permission {permission!r}")
    codes = {m.area_id for m in active_memberships(user) if m.role in roles}
    # Drop codes already covered by a broader one.
    return sorted(c for c in codes if not any(c != o and c.startswith(o + ".") for o in codes))


def area_q(user, permission: str, field: str = "area") -> Q:
    """A filter for rows whose area (``field`` holds an area code) lies in the user's scope."""
    codes = scopes(user, permission)
    if NATIONAL in codes:
        # Every row. Not Q(), which an OR with another condition drops: Q() | Q(x) is Q(x).
        return ~Q(pk__in=[])
    query = Q(pk__in=[])
    for code in codes:
        low, high = prefix_bounds(code)
        query |= Q(**{field: code}) | Q(**{f"{field}__gt": low, f"{field}__lt": high})
    return query


def can(user, permission: str, area_code: str | None = None) -> bool:
    """Does the user hold ``permission`` over ``area_code`` (or anywhere, when None)?"""
    codes = scopes(user, permission)
    if area_code is None or NATIONAL in codes:
        return bool(codes)
    return any(area_code == c or area_code.startswith(c + ".") for c in codes)


def holders(users, permission: str, area_code: str) -> list:
    """Those of ``users`` (a User queryset) who hold ``permission`` over ``area_code``: two
    queries, whatever the number of users (memberships are fetched for all of them at once)."""
    memberships = Membership.objects.active().select_related("area", "organisation")
    users = users.filter(is_active=True).prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="_sigap_memberships")
    )
    return [u for u in users if can(u, permission, area_code)]


def areas_visible_to(user, permission: str = "area.view"):
    return Area.objects.filter(area_q(user, permission, field="code"))


def access_area(user, code: str, permission: str = "area.view") -> Area:
    """The area if the user may see it; the same 404 for missing and forbidden."""
    if not can(user, permission, code):
        raise Http404("area not found")
    try:
        return Area.objects.get(code=code)
    except Area.DoesNotExist:
        raise Http404("area not found")


def needs_two_factor(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(roles_of(user) & TWO_FACTOR_ROLES)


def home_scope(user) -> list[Area]:
    """The areas a user's home page starts from: the broadest of their memberships."""
    codes = scopes(user, "area.view")
    if NATIONAL in codes:
        return list(Area.objects.at_level(1))
    return list(Area.objects.filter(code__in=codes))
