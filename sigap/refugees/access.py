"""Who may see the task force's data: its members over their area, and superusers. Nobody
else, whatever their SIGAP role: a coordinator or analyst who is not on the task force sees
nothing (the same 404 for an area that does not exist and one they may not see)."""

from django.http import Http404

from sigap.people import access
from sigap.refugees.models import TaskForceMember
from sigap.regions.models import Area


def task_force_areas(user) -> list[str]:
    """Area codes the user's active task-force memberships cover; [NATIONAL] for superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return [access.NATIONAL]
    return sorted(
        TaskForceMember.objects.filter(user=user, is_active=True).values_list("area_id", flat=True)
    )


def can_view(user, code: str) -> bool:
    codes = task_force_areas(user)
    return access.NATIONAL in codes or any(code == c or code.startswith(c + ".") for c in codes)


def access_area(user, code: str) -> Area:
    if not can_view(user, code):
        raise Http404("not found")
    area = Area.objects.defer("geometry").filter(code=code).first()
    if area is None:
        raise Http404("not found")
    return area
