"""/api/v1/: ninja's routes, each opened to the API's own authentication, and the docs page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.utils.translation import gettext as _

from sigap.api import errors, views
from sigap.api.main import api


def api_view(view):
    """Open to the API's own authentication, and JSON even where ninja answers in text.

    Exempt from Django's CSRF middleware, whose refusal is an HTML page: ninja's views are
    exempt already and check CSRF themselves for session callers (sigap.api.auth); the other
    views here only read.
    """

    @login_not_required
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            return errors.error_response(
                405,
                _("The method %(method)s is not allowed here; use %(allowed)s.")
                % {"method": request.method, "allowed": response["Allow"]},
            )
        return response

    wrapped.csrf_exempt = True
    return wrapped


def _wrap(patterns):
    for pattern in patterns:
        pattern.callback = api_view(pattern.callback)
    return patterns


ninja_patterns, app_name_, namespace = api.urls
urlpatterns = [
    path("", api_view(views.root), name="api-index"),
    path("docs", api_view(views.docs), name="api-docs"),
    path("", include((_wrap(ninja_patterns), app_name_), namespace=namespace)),
    # Unknown paths under /api/v1/ get JSON too, never the site's HTML 404 page.
    re_path(r"^", api_view(views.not_found)),
]
