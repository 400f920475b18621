"""The simulator fails closed: unless SIGAP_CHANNEL_SIMULATOR is on, each of its addresses is
a 404, the same as an address that does not exist."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt


def simulator_page(view):
    """A page of the simulator: public (a demo visitor plays a resident), on only in demos."""

    @login_not_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.SIGAP_CHANNEL_SIMULATOR:
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped


def fake_api(view):
    """A fake provider endpoint: called by SIGAP's transports (no browser, no session)."""
    return csrf_exempt(simulator_page(view))
