"""Every API error is JSON with a ``detail`` sentence in the caller's language.

Ninja's defaults answer in English, with a bare list for validation errors, and hand unexpected
exceptions to Django's HTML error page; these handlers replace all of them.
"""

import logging

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)


class FormInvalid(Exception):
    """A write's Django form rejected the input: answered like a schema error, with the form's
    own messages (the same the page shows)."""

    def __init__(self, form):
        super().__init__("form invalid")
        self.form = form


def error_response(status: int, detail: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def not_found_detail() -> str:
    return _(
        "Not found, or you do not have access to it. The endpoints are listed at /api/v1/docs."
    )


def on_authentication_error(request, exc: AuthenticationError):
    # Ninja raises a bare AuthenticationError ("Unauthorized") when no credentials were sent;
    # ours (sigap.api.auth) carry a sentence saying what was wrong with the ones that were.
    detail = exc.message
    if detail == "Unauthorized":
        detail = _(
            "Sign-in required. Send your personal API token in the header “Authorization: Bearer "
            "<token>”, or sign in to SIGAP in this browser."
        )
    response = error_response(401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="SIGAP"'
    return response


def on_http_error(request, exc: HttpError):
    return error_response(exc.status_code, exc.message)


def on_not_found(request, exc: Http404):
    return error_response(404, not_found_detail())


def on_validation_error(request, exc: ValidationError):
    errors = [{"loc": e["loc"], "type": e["type"], "msg": error_message(e)} for e in exc.errors]
    readable = "; ".join(f"{error_field(e)}: {e['msg']}" for e in errors)
    return error_response(
        422, _("The request is not valid: %(errors)s") % {"errors": readable}, errors=errors
    )


def on_form_invalid(request, exc: FormInvalid):
    errors = [
        {"loc": ["body", field], "type": "form", "msg": " ".join(messages)}
        for field, messages in exc.form.errors.items()
    ]
    readable = "; ".join(f"{e['loc'][1]}: {e['msg']}" for e in errors)
    return error_response(
        422, _("The request is not valid: %(errors)s") % {"errors": readable}, errors=errors
    )


def on_unexpected(request, exc: Exception):
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(
        500,
        _(
            "Something went wrong on the server. Please try again later; if it keeps happening, "
            "tell your administrator."
        ),
    )


def error_field(error: dict) -> str:
    """``query.level`` style; the body or query wrapper alone says little, so it is dropped."""
    loc = [str(part) for part in error["loc"]]
    return ".".join(loc[1:]) or loc[0]


def error_message(error: dict) -> str:
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    template = _messages().get(kind)
    return template % ctx if template else pgettext("API validation", "This value is not valid.")


def _messages() -> dict[str, str]:
    # Built per call so each message comes out in the request's language. The context keeps
    # these short sentences from replacing Django's own translations of the same words.
    return {
        "missing": pgettext("API validation", "This field is required."),
        "int_parsing": pgettext("API validation", "Must be a whole number."),
        "int_type": pgettext("API validation", "Must be a whole number."),
        "bool_parsing": pgettext("API validation", "Must be true or false."),
        "bool_type": pgettext("API validation", "Must be true or false."),
        "model_attributes_type": pgettext(
            "API validation", "Must be a JSON object with the fields listed at /api/v1/docs."
        ),
        "dict_type": pgettext(
            "API validation", "Must be a JSON object with the fields listed at /api/v1/docs."
        ),
        "greater_than_equal": pgettext("API validation", "Must be at least %(ge)s."),
        "less_than_equal": pgettext("API validation", "Must be at most %(le)s."),
        "string_too_short": pgettext(
            "API validation", "Must be at least %(min_length)s characters long."
        ),
        "string_too_long": pgettext(
            "API validation", "Must be at most %(max_length)s characters long."
        ),
    }


def register(api) -> None:
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(FormInvalid, on_form_invalid)
    api.add_exception_handler(Exception, on_unexpected)
