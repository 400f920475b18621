"""Second-factor gate: a signed-in user who must use two-factor sign-in sees nothing else until
the second factor is passed in this session (or set up, when they have none yet).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sigap.people import twofactor

# Paths outside the gate: static files, the language switch, and the API, which authenticates
# every request with a token and applies its own checks.
EXEMPT_PREFIXES = ("/i18n/", "/jsi18n/", "/api/", "/favicon", "/lapor/", "/status/")


def two_factor_exempt(view):
    """Mark a view reachable before the second factor (sign-in and the 2FA pages themselves)."""
    view.sigap_2fa_exempt = True
    return view


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or twofactor.has_passed(request):
            return None
        if self._exempt(request, view_func) or not twofactor.required_for(user):
            return None
        name = "people:2fa_verify" if user.has_totp else "people:2fa_enrol"
        target = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # htmx would swap the verify page into a fragment; ask it to navigate instead.
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return redirect(target)

    @staticmethod
    def _exempt(request, view_func) -> bool:
        if getattr(view_func, "sigap_2fa_exempt", False):
            return True
        # Public pages (the landing page, about, the future anonymous report form) stay public.
        if getattr(view_func, "login_required", True) is False:
            return True
        path = request.path_info
        return path.startswith(EXEMPT_PREFIXES) or path.startswith(settings.STATIC_URL)
