from sigap.people import access


def shell(request):
    """What every page's navigation needs: the user's roles, resolved once per request."""
    user = getattr(request, "user", None)
    roles = access.roles_of(user) if user is not None else set()
    return {
        "nav_roles": roles,
        "nav_can_manage_people": bool(user and access.can(user, "people.manage")),
    }
