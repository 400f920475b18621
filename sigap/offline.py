"""The installable, offline-tolerant shell (issue 20): the web manifest, the service worker, the
outbox page and the page shown when there is no signal.

The service worker and the outbox script are plain static files (sigap/static/sigap/offline/);
the worker is served from the site's root so that its scope is the whole site, with the list of
files it keeps (their current URLs) written in front of it.
"""

import hashlib
import hmac
import json
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.people.middleware import two_factor_exempt

# What the worker keeps at install: every page needs these, none holds anything personal.
SHELL_FILES = [
    "sigap/sigap.css",
    "sigap/sigap.js",
    "sigap/htmx-2.0.11.min.js",
    "sigap/offline/outbox.js",
    "sigap/offline/icon-192.png",
    "cases/cases.css",
]
ICONS = [
    ("sigap/offline/icon-192.png", "192x192", "any"),
    ("sigap/offline/icon-512.png", "512x512", "any"),
    ("sigap/offline/icon-maskable-192.png", "192x192", "maskable"),
    ("sigap/offline/icon-maskable-512.png", "512x512", "maskable"),
]
WORKER = "sigap/offline/sw.js"
THEME = "#8a1538"


def user_key(user) -> str:
    """A per-person name for this browser's outbox and page cache: a keyed hash, so the page
    never shows the user's id or name, and one person's store is never another's."""
    if user is None or not user.is_authenticated:
        return ""
    message = f"sigap-offline-user:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:24]


@cache
def shell_version() -> str:
    """Changes whenever a kept file or the worker changes, so phones fetch them again."""
    digest = hashlib.sha256()
    for name in [*SHELL_FILES, WORKER]:
        path = finders.find(name)
        digest.update(name.encode() + (open(path, "rb").read() if path else b""))
    return digest.hexdigest()[:16]


def worker_config() -> dict:
    return {
        "version": shell_version(),
        "shell": [static(name) for name in SHELL_FILES]
        + [reverse("offline_manifest"), reverse("offline_page")],
        "publicPages": [reverse("cases:report_public")],
        "offlinePage": reverse("offline_page"),
        "outboxScript": static("sigap/offline/outbox.js"),
    }


@login_not_required
@two_factor_exempt
@require_GET
def service_worker(request):
    with open(finders.find(WORKER), encoding="utf-8") as source:
        body = f"self.SIGAP = {json.dumps(worker_config())};\n" + source.read()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@two_factor_exempt
@require_GET
def manifest(request):
    data = {
        "name": "SIGAP",
        "short_name": "SIGAP",
        "description": _("SIGAP: community-based prevention and handling of human trafficking."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": THEME,
        "icons": [
            {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for name, sizes, purpose in ICONS
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@login_not_required
@two_factor_exempt
@require_GET
def offline_page(request):
    """Shown by the worker for a page not kept on this phone. Kept for everyone alike, so it
    names no one: it does not extend the signed-in page layout."""
    return render(request, "sigap/offline/offline.html")


@login_not_required
@require_GET
def outbox(request):
    """What waits on this phone; the list itself is in the browser (outbox.js fills it)."""
    return render(request, "sigap/offline/outbox.html")
