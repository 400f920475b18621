"""Who may screen files in bulk and see a bulk job. Fails closed: a job is visible to its owner
only, and anyone else gets the same 404 as for a job that does not exist."""

from django.http import Http404

from sigap.jobcheck.models import BulkJob
from sigap.people import access


def may_screen_in_bulk(user) -> bool:
    """Staff and community members with an active membership (and superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(access.active_memberships(user))


def may_view_aggregates(user) -> bool:
    return access.can(user, "aggregates.view")


def jobs_visible_to(user):
    if not may_screen_in_bulk(user):
        return BulkJob.objects.none()
    return BulkJob.objects.owned_by(user)


def access_job(user, job_id: int) -> BulkJob:
    try:
        return jobs_visible_to(user).get(pk=job_id)
    except BulkJob.DoesNotExist:
        raise Http404("job not found") from None
