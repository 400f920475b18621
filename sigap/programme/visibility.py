"""What a user may see and do in the programmes; built only on ``sigap.people.access``.

Rows are scoped by their own area: a coordinator of Kota Medan sees everything in Medan, an
ambassador of Kelurahan Terjun sees Terjun's events, participants and reports and nothing else.
A programme is visible to whoever holds a programme permission inside or above its area. Each
``access_*`` gives the same 404 for missing and forbidden.
"""

from django.db.models import Q
from django.http import Http404

from sigap.people import access
from sigap.programme.models import ConditionReport, Event, Member, Outreach, Pact, Programme
from sigap.regions.models import ancestor_codes

VIEW = ("programme.manage", "programme.participate")
CONDITIONS = ("programme.manage", "conditions.file", "conditions.confirm")


def scope_q(user, permissions, field: str = "area_id") -> Q:
    """Rows whose area lies within the user's scope for any of ``permissions``."""
    # Q() | Q(x) is Q(x), so a national scope must short-cut: it means "every row".
    if any(access.NATIONAL in access.scopes(user, p) for p in permissions):
        return Q()
    query = Q(pk__in=[])
    for permission in permissions:
        query |= access.area_q(user, permission, field=field)
    return query


def programmes_visible_to(user):
    codes = {c for p in VIEW for c in access.scopes(user, p)}
    if access.NATIONAL in codes:
        return Programme.objects.all()
    above = {a for code in codes for a in ancestor_codes(code)}
    return Programme.objects.filter(scope_q(user, VIEW) | Q(area_id__in=above))


def can_manage(user, area_code: str) -> bool:
    return access.can(user, "programme.manage", area_code)


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("not found")


def access_programme(user, pk, *, manage: bool = False) -> Programme:
    programme = _get(programmes_visible_to(user).select_related("lead", "area"), pk)
    if manage and not can_manage(user, programme.area_id):
        raise Http404("not found")
    return programme


def events_visible_to(user):
    return Event.objects.filter(scope_q(user, VIEW))


def access_event(user, pk, *, manage: bool = False) -> Event:
    event = _get(events_visible_to(user).select_related("programme", "area"), pk)
    if manage and not can_manage(user, event.area_id):
        raise Http404("not found")
    return event


def members_visible_to(user):
    return Member.objects.filter(scope_q(user, VIEW))


def outreach_visible_to(user):
    return Outreach.objects.filter(scope_q(user, VIEW))


def can_edit_outreach(user, item: Outreach) -> bool:
    """The one who logged it, while they still take part there, or a manager of its area."""
    own = item.logged_by_id == user.pk and access.can(user, "programme.participate", item.area_id)
    return own or can_manage(user, item.area_id)


def pacts_visible_to(user):
    return Pact.objects.filter(scope_q(user, VIEW + ("conditions.confirm",)))


def access_pact(user, pk, *, manage: bool = False) -> Pact:
    pact = _get(pacts_visible_to(user).select_related("programme", "area"), pk)
    if manage and not can_manage(user, pact.area_id):
        raise Http404("not found")
    return pact


def reports_visible_to(user):
    return ConditionReport.objects.filter(scope_q(user, CONDITIONS))


def access_report(user, pk) -> ConditionReport:
    return _get(reports_visible_to(user).select_related("programme", "area"), pk)


def can_file(user, area_code: str) -> bool:
    return access.can(user, "conditions.file", area_code)


def can_confirm(user, area_code: str) -> bool:
    return access.can(user, "conditions.confirm", area_code)


def filing_areas(user, programme: Programme) -> list[str]:
    """Kelurahan codes for which ``user`` files condition reports in ``programme``."""
    codes = access.scopes(user, "conditions.file")
    return [c for c in codes if c.count(".") == 3 and c.startswith(programme.area_id + ".")]
