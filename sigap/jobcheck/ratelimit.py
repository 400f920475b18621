"""Fixed-window rate limits for the public checks, counted in the shared (database) cache so
every web process counts the same.

The key is an HMAC of the caller's address under a per-window key: the address is never
written anywhere, and one window's key cannot be linked to the next. Signed-in callers are
counted by account instead, with a higher limit.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

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
    allowed, window = LIMITS[name]
    if name == "api":
        allowed = getattr(settings, "SIGAP_SCREENING_API_LIMIT", None) or allowed
    return allowed, window


def client_key(request, window_seconds: int) -> str:
    window = int(time.time() // window_seconds)
    secret = hashlib.sha256(f"sigap-jobcheck:{window}:{settings.SECRET_KEY}".encode()).digest()
    address = request.META.get("REMOTE_ADDR", "").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


def hit(request, name: str, user=None) -> bool:
    """Count one request; False when the caller is over the limit for ``name``."""
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        name = f"{name}_user"
    allowed, window = limit(name)
    who = f"u{user.pk}" if signed_in else client_key(request, window)
    key = f"rl:jobcheck:{name}:{who}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= allowed
