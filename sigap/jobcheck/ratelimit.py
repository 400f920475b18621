"""Rate limits of the public checks, counted by ``sigap.people.ratelimit`` (no address is ever
stored). Signed-in callers are counted by account instead, with a higher limit."""

from django.conf import settings

from sigap.people import ratelimit

# name -> (requests allowed, window in seconds)
LIMITS = {
    "page": (30, 600),
    "page_user": (300, 600),
    "api": (60, 600),
    "api_user": (1000, 600),
}


def limit(name: str) -> tuple[int, int]:
    """(requests allowed, window); SIGAP_SCREENING_API_LIMIT, where set, replaces the anonymous
    API figure (the benchmark and load tests raise it)."""
    # SIGAP_RATE_LIMITS may override any of them as check_<name>, e.g. check_page=1000/60.
    allowed, window = getattr(settings, "SIGAP_RATE_LIMITS", {}).get(f"check_{name}", LIMITS[name])
    if name == "api":
        allowed = getattr(settings, "SIGAP_SCREENING_API_LIMIT", None) or allowed
    return allowed, window


def hit(request, name: str, user=None) -> bool:
    """Count one request; False when the caller is over the limit for ``name``."""
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        name = f"{name}_user"
    allowed, window = limit(name)
    who = f"u{user.pk}" if signed_in else None
    return ratelimit.allow(request, f"jobcheck:{name}", allowed, window, who=who)
