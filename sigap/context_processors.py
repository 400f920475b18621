from sigap.notifications.models import Notification
from sigap.offline import user_key
from sigap.people import access


def shell(request):
    """What every page's navigation needs: the user's roles, resolved once per request."""
    user = getattr(request, "user", None)
    roles = access.roles_of(user) if user is not None else set()
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_unread": Notification.objects.for_user(user).unread().count() if signed_in else 0,
        "nav_roles": roles,
        "nav_can_manage_people": bool(user and access.can(user, "people.manage")),
        # Names this person's outbox and page cache in the browser (outbox.js, sw.js).
        "offline_user_key": user_key(user),
    }
