"""Who is calling: a personal API token (Bearer) or, for htmx pages, the signed-in session.

A request that names credentials but whose credentials fail gets a 401 saying why; one with no
credentials at all gets the generic 401 from ``errors``. Decisions about what the caller may see
are not made here but in ``sigap.people.access``.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from sigap.people import tokens, twofactor

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """``Authorization: Bearer sgp_…``: a personal token, stored hashed."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _sep, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError(
                message=_(
                    "The Authorization header must read “Bearer <token>”, with your personal API "
                    "token in place of <token>."
                )
            )
        return self.authenticate(request, raw.strip())

    def authenticate(self, request, token):
        if not tokens.is_well_formed(token):
            raise AuthenticationError(
                message=_(
                    "The API token is not valid: a SIGAP token starts with “sgp_” followed by "
                    "letters, digits, “-” or “_”. Copy the whole token and try again."
                )
            )
        user = tokens.token_authenticate(token)
        if user is None:
            raise AuthenticationError(
                message=_(
                    "The API token is not valid: it is unknown, revoked or expired. Create a new "
                    "token on your account page."
                )
            )
        # Domain code reads request.user; make it the token's owner, not the anonymous session.
        request.user = user
        return user


class SessionCookie(APIKeyCookie):
    """The browser session of a signed-in user, second factor included where it is required."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        # CSRF is checked in authenticate(), and only for sessions that actually sign a user in.
        super().__init__(csrf=False)

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        # The same gate as the pages' TwoFactorMiddleware, which leaves /api/ to us.
        if twofactor.required_for(user) and not twofactor.has_passed(request):
            raise AuthenticationError(
                message=_(
                    "This session has not completed two-step verification. Sign in again and enter "
                    "the code from your authenticator app, or use an API token."
                )
            )
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403, _("The CSRF check failed. Reload the page and try again, or use an API token.")
            )
        return user


api_auth = [BearerToken(), SessionCookie()]
