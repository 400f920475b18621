"""Who sees which alert, and the reads other pages need (the home dashboard and its map).

A user sees the alerts of the areas they may view and everything inside them; an alert of a
wider area (a network across two kecamatan) is seen only by those whose scope covers it, and
an alert of the whole country only by national users. No membership, no alert: fails closed.
"""

from django.db.models import Q
from django.http import Http404

from sigap.alerts.models import Alert
from sigap.people import access
from sigap.regions.models import prefix_bounds


def alerts_visible_to(user):
    if not access.scopes(user, "area.view"):
        return Alert.objects.none()
    return Alert.objects.filter(access.area_q(user, "area.view", field="area_id"))


def access_alert(user, pk: int) -> Alert:
    """The alert if the user may see it; the same 404 for missing and forbidden."""
    alert = alerts_visible_to(user).select_related("area").filter(pk=pk).first()
    if alert is None:
        raise Http404("alert not found")
    return alert


def can_act(user, alert: Alert) -> bool:
    """Coordinators, officials (lurah, camat) and case workers of the alert's area move it
    through its lifecycle; others only read it."""
    code = alert.area_id or None
    if code is None:
        return access.NATIONAL in access.scopes(user, "conditions.confirm")
    return access.can(user, "conditions.confirm", code) or access.can(user, "cases.handle", code)


def can_run(user) -> bool:
    """Starting a run by hand: coordinators and administrators."""
    return bool(access.scopes(user, "programme.manage"))


def open_alerts_for(user, area: str | None = None):
    """Open alerts the user may see, within ``area`` (a code; None: all their areas),
    most severe and newest first, with ``area`` selected.

    For the home dashboard and the map (sigap.dashboards): e.g.
    ``open_alerts_for(request.user, "12.71.12")[:5]``; each alert has ``area_id`` (the code
    to colour on a map), ``kind``, ``severity``, ``get_kind_display()`` and a page at
    ``reverse("alerts:detail", args=[alert.pk])``; ``sigap.alerts.evidence.sentence(alert)``
    gives its evidence in one line. An area the user may not see gives no alerts.
    """
    alerts = alerts_visible_to(user).open().select_related("area")
    if area:
        low, high = prefix_bounds(area)
        alerts = alerts.filter(Q(area_id=area) | Q(area_id__gt=low, area_id__lt=high))
    return alerts.order_by("-severity", "-cutoff", "-pk")
