"""Who sees which report, case and referral: built on ``sigap.people.access``, failing closed.

- case workers (``cases.handle``) see the reports and cases of their areas;
- anyone who files reports sees the reports they filed themselves, and no others;
- an agency focal point sees the referrals to their own organisation, and through them only
  what the referral shares;
- coordinators see referrals (not personal records) of their area, for escalation.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from sigap.cases.models import Case, Referral, Report
from sigap.people import access
from sigap.people.models import Role


def reports_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    return Report.objects.filter(
        access.area_q(user, "cases.handle", field="area_id") | Q(submitted_by=user)
    )


def handled_reports(user):
    """Reports the user may triage (not merely the ones they filed)."""
    if not access.scopes(user, "cases.handle"):
        return Report.objects.none()
    return Report.objects.filter(access.area_q(user, "cases.handle", field="area_id"))


def cases_visible_to(user):
    if not access.scopes(user, "cases.handle"):
        return Case.objects.none()
    return Case.objects.filter(access.area_q(user, "cases.handle", field="area_id"))


def focal_organisations(user) -> list[int]:
    return [
        m.organisation_id for m in access.active_memberships(user) if m.role == Role.FOCAL_POINT
    ]


def referrals_visible_to(user):
    """Referrals to the user's agency, plus those on cases they handle or coordinate."""
    if not getattr(user, "is_authenticated", False):
        return Referral.objects.none()
    query = Q(organisation_id__in=focal_organisations(user))
    if access.scopes(user, "cases.handle"):
        query |= access.area_q(user, "cases.handle", field="case__area_id")
    if access.scopes(user, "consent.override"):
        query |= access.area_q(user, "consent.override", field="case__area_id")
    if user.is_superuser:
        query = Q()
    return Referral.objects.filter(query)


def _one(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("not found")


def access_report(user, report_id) -> Report:
    """The report if the user may see it; the same 404 for missing and forbidden."""
    return _one(reports_visible_to(user).select_related("area", "case"), report_id)


def access_case(user, case_id) -> Case:
    return _one(cases_visible_to(user).select_related("area", "assigned_to"), case_id)


def access_referral(user, referral_id) -> Referral:
    return _one(
        referrals_visible_to(user).select_related("case", "case__area", "organisation"),
        referral_id,
    )


def can_file_in(user, area_code: str) -> bool:
    """A signed report goes only into the filer's own areas (docs/decisions/0010); the public
    form takes a report for anywhere else."""
    return access.can(user, "reports.submit", area_code)


def outside_message() -> str:
    return _(
        "You can file a signed report only in the areas of your role. To report something "
        "somewhere else, use the public report form (/lapor/): it does not need an account."
    )


def can_triage(user, report: Report) -> bool:
    return access.can(user, "cases.handle", report.area_id)


def can_respond(user, referral: Referral) -> bool:
    return referral.organisation_id in focal_organisations(user)


def can_handle_case(user, case: Case) -> bool:
    return access.can(user, "cases.handle", case.area_id)


def sees_names(user, area_code: str) -> bool:
    """Names are shown only to roles whose work needs them."""
    return access.can(user, "personal.view", area_code)


def can_override_consent(user, area_code: str) -> bool:
    return access.can(user, "consent.override", area_code)
