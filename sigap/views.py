"""The shell's own pages: the landing page, each role's home, error pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.cases.access import (
    cases_visible_to,
    focal_organisations,
    handled_reports,
    referrals_visible_to,
)
from sigap.dashboards import pages as dashboard_pages
from sigap.dashboards.forms import PeriodForm
from sigap.people import access
from sigap.programme.views import programme_home_links
from sigap.refugees.access import task_force_areas
from sigap.regions.models import Area

# What each role's home page offers first, in order.
ROLE_TASKS = {
    "admin": ["people", "areas", "admin"],
    "coordinator": ["people", "areas"],
    "case_worker": ["areas"],
    "focal_point": ["areas"],
    "official": ["areas"],
    "ambassador": ["areas"],
    "relawan": ["areas"],
    "fkdm": ["areas"],
    "analyst": ["areas"],
}


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "sigap/landing.html")
    memberships = access.active_memberships(request.user)
    tasks = []
    for membership in memberships:
        for task in ROLE_TASKS.get(membership.role, []):
            if task not in tasks:
                tasks.append(task)
    if request.user.is_superuser and "admin" not in tasks:
        tasks += [t for t in ROLE_TASKS["admin"] if t not in tasks]
    scope = access.home_scope(request.user)
    counts = Area.objects.descendants_counts(scope) if scope else {}
    return render(
        request,
        "sigap/home.html",
        {
            "memberships": memberships,
            "tasks": tasks,
            "scope": [(area, counts.get(area.code, {})) for area in scope],
            "feature_links": programme_home_links(request.user)
            + report_links(request.user)
            + jobcheck_links(request.user)
            + refugee_links(request.user),
            "attention": attention(request.user),
            **home_dashboard(request, scope),
        },
    )


def home_dashboard(request, scope: list[Area]) -> dict:
    """The dashboard of the person's one area (the country for national scope) on their home
    page; several separate areas each get a link instead."""
    national = access.NATIONAL in access.scopes(request.user, "area.view")
    if not national and len(scope) != 1:
        return {}
    code = None if national else scope[0].code
    return dashboard_context(request, code)


def dashboard_context(request, code: str | None) -> dict:
    default = PeriodForm().period()
    form = PeriodForm(request.GET or None, initial={"dari": default.start, "sampai": default.end})
    alerts = open_alerts(request.user, code)
    marks = _marks_by_child({a["area"]: a["text"] for a in alerts}, code)
    context = dashboard_pages.context(
        request.user, code, form.period(), form.measure(), marks=marks
    )
    return {**context, "period_form": form, "alerts": alerts}


def _marks_by_child(marks: dict[str, str], code: str | None) -> dict[str, str]:
    """An alert in a kelurahan marks the kecamatan that holds it on a city's map."""
    depth = len(code.split(".")) + 1 if code else 1
    out: dict[str, str] = {}
    for area_code, text in marks.items():
        if not area_code:
            continue
        child = ".".join(area_code.split(".")[:depth])
        out[child] = f"{out[child]}; {text}" if child in out else text
    return out


OPEN_ALERTS_SHOWN = 10


def open_alerts(user, code: str | None) -> list[dict]:
    """Open early-warning alerts the person may see in the area, as {area, label, text, url}
    (none while the alerts app is not installed)."""
    try:
        from sigap.alerts.evidence import sentence
        from sigap.alerts.queries import open_alerts_for
    except ImportError:
        return []
    return [
        {
            "area": alert.area_id or "",
            "label": f"{alert.reference} · {alert.get_kind_display()}"
            + (f" · {alert.area.display_name}" if alert.area_id else ""),
            "text": sentence(alert),
            "url": reverse("alerts:detail", args=[alert.pk]),
        }
        for alert in open_alerts_for(user, code)[:OPEN_ALERTS_SHOWN]
    ]


def dashboard(request, code: str | None = None):
    """An area's dashboard, drilled down from the person's home: the same 404 for an area
    that does not exist and one outside their scope. Without a code: the country for national
    users, else the first of their own areas."""
    if code is None and not dashboard_pages.can_view(request.user, None):
        scope = access.home_scope(request.user)
        if not scope:
            raise Http404("area not found")
        return redirect("dashboard_area", scope[0].code)
    if not dashboard_pages.can_view(request.user, code) or (
        code and not Area.objects.filter(code=code).exists()
    ):
        raise Http404("area not found")
    return render(request, "sigap/home_dashboard.html", dashboard_context(request, code))


def attention(user) -> list[tuple[str, int, str, bool]]:
    """What waits for this person: (label, count, page listing them, urgent)."""
    items = []
    handles = bool(access.scopes(user, "cases.handle"))
    if handles:
        items.append(
            (
                _("Reports awaiting triage"),
                handled_reports(user).untriaged().count(),
                reverse("cases:reports"),
                False,
            )
        )
        items.append(
            (_("Open cases"), cases_visible_to(user).open().count(), reverse("cases:cases"), False)
        )
    if handles or focal_organisations(user) or user.is_superuser:
        referrals = referrals_visible_to(user)
        items.append(
            (_("Open referrals"), referrals.open().count(), reverse("cases:referrals"), False)
        )
        overdue = referrals.overdue().count()
        items.append((_("Overdue referrals"), overdue, reverse("cases:referrals"), overdue > 0))
    return items


def report_links(user) -> list[tuple[str, str]]:
    if access.can(user, "reports.submit"):
        return [(_("Report a suspicion"), reverse("cases:report_new"))]
    return []


def refugee_links(user) -> list[tuple[str, str]]:
    if task_force_areas(user):
        return [(_("Refugee task force"), reverse("refugees:index"))]
    return []


def jobcheck_links(user) -> list[tuple[str, str]]:
    links = []
    if access.can(user, "aggregates.view"):
        links.append((_("Statistics"), reverse("cases:statistics")))
        links.append((_("Monthly reports"), reverse("dashboards:reports")))
    if access.active_memberships(user) or user.is_superuser:
        links.append((_("Screen a file of many posts"), reverse("jobcheck:bulk_jobs")))
    if access.can(user, "aggregates.view"):
        links.append((_("Cek Lowongan: weekly counts"), reverse("jobcheck:statistics")))
    return links


@login_not_required
def about(request):
    return render(request, "sigap/about.html")


@login_not_required
def not_found(request, exception=None):
    return render(request, "sigap/404.html", status=404)


@login_not_required
def server_error(request):
    return render(request, "sigap/500.html", status=500)
