"""Public pages that are the same for every anonymous visitor, rendered once per language.

The receipt page after an anonymous report differs between two visitors only in the receipt
code. Rendering the whole template (base layout, navigation, i18n) costs more than storing the
report itself, so the page is rendered once per (template, language, path) with placeholders,
and each answer joins the cached pieces with the escaped values: byte for byte what ``render``
would give. A page that holds a CSRF token (a form) is never cached: the token is the
visitor's own.

Only plain anonymous requests take this path: no session cookie (so no signed-in user and no
session messages), no messages cookie, no query string. Everything else, and DEBUG (where
templates change under a running server), renders normally.
"""

import re
import secrets

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.translation import get_language

_PAGES: dict[tuple, list] = {}
_MAX_PAGES = 64  # templates × languages × paths is small; this only guards memory
_TOKEN = re.compile(r"csrfmiddlewaretoken|X-CSRFToken")


def cacheable(request) -> bool:
    return (
        not settings.DEBUG
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def render_public(request, template_name: str, context: dict) -> HttpResponse:
    """``render(request, template_name, context)`` for anonymous visitors, from cached pieces.

    ``context`` holds only strings shown as ``{{ name }}``; any other use of them in the
    template is detected at the first rendering and that page is then rendered normally.
    """
    if not cacheable(request):
        return render(request, template_name, context)
    key = (template_name, get_language(), request.path, tuple(sorted(context)))
    pieces = _PAGES.get(key)
    if pieces is None:
        pieces = _pieces(request, template_name, context)
        if len(_PAGES) >= _MAX_PAGES:
            _PAGES.clear()
        _PAGES[key] = pieces
    if not pieces:
        return render(request, template_name, context)
    values = {name: str(conditional_escape(value)) for name, value in context.items()}
    return HttpResponse(
        "".join(values[piece[0]] if type(piece) is tuple else piece for piece in pieces)
    )


def _pieces(request, template_name: str, context: dict) -> list:
    """The page split at each value; [] when it cannot be split or holds a CSRF token."""
    marks = {f"\x02{secrets.token_hex(8)}\x03": name for name in context}
    html = render_to_string(template_name, {name: mark for mark, name in marks.items()}, request)
    if _TOKEN.search(html) or any(mark not in html for mark in marks):
        return []
    pieces: list = []
    for part in re.split("(" + "|".join(re.escape(m) for m in marks) + ")", html):
        if part in marks:
            pieces.append((marks[part],))
        elif part:
            pieces.append(part)
    return pieces


def _forget(**kwargs) -> None:
    _PAGES.clear()


setting_changed.connect(_forget)
