"""The public pages' rate limits (report, receipt lookup, reporter message), counted by
``sigap.people.ratelimit`` without ever storing an address."""

from django.conf import settings

from sigap.people import ratelimit

# name -> (requests allowed, window in seconds)
LIMITS = {
    "report": (10, 3600),
    "receipt": (10, 900),
    "message": (20, 3600),
}


def limit(name: str) -> tuple[int, int]:
    # SIGAP_RATE_LIMITS overrides a limit, e.g. {"report": [1000, 60]} for a load test.
    allowed, window = getattr(settings, "SIGAP_RATE_LIMITS", {}).get(name, LIMITS[name])
    return int(allowed), int(window)


class Hit:
    """One request's hit against the limit ``name``, to be counted when the report is stored:
    called, it counts and says whether the request is within the limit."""

    def __init__(self, request, name: str):
        self.allowed, window = limit(name)
        self.scope, self.window = f"cases:{name}", window
        self.who = ratelimit.client_key(request, window)

    def __call__(self) -> bool:
        return ratelimit.count(self.scope, self.who, self.window) <= self.allowed


def hit(request, name: str) -> bool:
    """Count one request; False when the caller is over the limit for ``name``.

    Inside a transaction the count is part of it: a rolled-back request is not counted.
    """
    allowed, window = limit(name)
    return ratelimit.allow(request, f"cases:{name}", allowed, window)
