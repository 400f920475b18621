"""Fixed-window rate limits in the shared (database) cache, so every web process counts the
same. Keys are short-lived HMACs of the address (``hashing.client_key``), kept only in cache."""

from django.conf import settings
from django.core.cache import cache

from sigap.cases.hashing import client_key

# name -> (requests allowed, window in seconds)
LIMITS = {
    "report": (10, 3600),
    "receipt": (10, 900),
    "message": (20, 3600),
}


def hit(request, name: str) -> bool:
    """Count one request; False when the caller is over the limit for ``name``."""
    # SIGAP_RATE_LIMITS overrides a limit, e.g. {"report": [1000, 60]} for a load test.
    allowed, window = getattr(settings, "SIGAP_RATE_LIMITS", {}).get(name, LIMITS[name])
    key = f"rl:{name}:{client_key(request, window)}"
    # incr first: once a key exists (the common case under load) that is one read and one
    # write, where add-then-incr costs a failed insert as well.
    try:
        return cache.incr(key) <= allowed
    except ValueError:  # no key yet, or it just expired
        cache.add(key, 1, timeout=window)
        return True
