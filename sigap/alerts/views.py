"""Alert pages: the list, one alert with its evidence, its lifecycle actions, a run by hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.alerts import actions, evidence
from sigap.alerts.models import Kind, Status
from sigap.alerts.queries import access_alert, alerts_visible_to, can_act, can_run
from sigap.alerts.tasks import warning_run_now
from sigap.people import access
from sigap.people.audit import audit_record

STATUS_FILTERS = {
    "terbuka": (Status.NEW, Status.ACTING),
    "selesai": (Status.DONE, Status.DISMISSED),
}


def alert_list(request):
    shown = request.GET.get("status", "terbuka")
    alerts = alerts_visible_to(request.user).filter(
        status__in=STATUS_FILTERS.get(shown, STATUS_FILTERS["terbuka"])
    )
    rows = [(a, evidence.sentence(a)) for a in alerts.select_related("area")[:200]]
    context = {"rows": rows, "shown": shown, "can_run": can_run(request.user)}
    return render(request, "alerts/list.html", context)


def alert_detail(request, pk):
    alert = access_alert(request.user, pk)
    records = evidence.record_links(request.user, alert.records)
    graph = evidence.graph(alert, dict(records)) if alert.kind == Kind.NETWORK else ""
    context = {
        "alert": alert,
        "sentence": evidence.sentence(alert),
        "sparkline": evidence.sparkline(alert.counts),
        "records": records,
        "graph": graph,
        "can_act": can_act(request.user, alert),
        "statuses": [(Status.DONE, Status.DONE.label), (Status.DISMISSED, Status.DISMISSED.label)],
    }
    return render(request, "alerts/detail.html", context)


@require_POST
def alert_post(request, pk, action):
    alert = access_alert(request.user, pk)
    if not can_act(request.user, alert):
        raise Http404("alert not found")
    try:
        if action == "tindaklanjuti":
            actions.alert_acknowledge(user=request.user, alert=alert)
        elif action == "tutup":
            status, reason = request.POST.get("status", ""), request.POST.get("reason", "")
            actions.alert_close(user=request.user, alert=alert, status=status, reason=reason)
        else:
            raise Http404("no such action")
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("alerts:detail", pk=alert.pk)


@require_POST
def run_now(request):
    if not can_run(request.user) or not access.scopes(request.user, "area.view"):
        raise PermissionDenied
    warning_run_now.enqueue()
    audit_record(actor=request.user, action="alerts.run", detail={})
    messages.success(request, _("The early-warning run has started; its alerts appear here."))
    return redirect("alerts:list")
