"""The shell's own pages: the landing page, each role's home, error pages."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.cases.access import (
    cases_visible_to,
    focal_organisations,
    handled_reports,
    referrals_visible_to,
)
from sigap.people import access
from sigap.programme.views import programme_home_links
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
            + jobcheck_links(request.user),
            "attention": attention(request.user),
        },
    )


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


def jobcheck_links(user) -> list[tuple[str, str]]:
    links = []
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
