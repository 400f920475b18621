"""Fixed-window rate limits counted in the database, so every web process counts the same.

Anonymous callers are keyed by a short-lived HMAC of their address and the window: the address
is never written anywhere and a key cannot be linked across windows. A hit is one atomic
``UPDATE … SET count = count + 1`` (the ORM's ``F()``), the window's row created on its first
hit; the row stays locked by that update until the transaction ends, so concurrent requests
never lose a count and each reads its own total, and a row expires exactly with its window.
Inside a transaction the count is part of it: a rolled-back request is not counted.
"""

import hashlib
import hmac
import ipaddress
import time
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from sigap.people.models import RateCounter


def client_key(request, window_seconds: int) -> str:
    window = int(time.time() // window_seconds)
    address = client_address(request).encode()
    return hmac.digest(_secret(window, settings.SECRET_KEY), address, "sha256").hex()[:32]


def client_address(request) -> str:
    """The caller's address, for hashing only: the connection's, or, when the connection comes
    from a proxy in SIGAP_TRUSTED_PROXIES, the nearest address in X-Forwarded-For that is not
    one of those proxies (entries further left are whatever the client chose to send)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = _networks(tuple(getattr(settings, "SIGAP_TRUSTED_PROXIES", ())))
    if not proxies or not _listed(remote, proxies):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for address in reversed([a.strip() for a in forwarded if a.strip()]):
        if not _listed(address, proxies):
            return address
    return remote


@lru_cache(maxsize=4)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _listed(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


@lru_cache(maxsize=8)
def _secret(window: int, secret_key: str) -> bytes:
    return hashlib.sha256(f"sigap-ratelimit:{window}:{secret_key}".encode()).digest()


def _key(scope: str, who: str, window: int) -> tuple[str, int]:
    ends = (int(time.time()) // window + 1) * window
    # The window's end is in the key, so a signed-in caller's key also starts afresh.
    return f"{scope}:{who}:{ends}"[:80], ends


# One transaction for the update and the read of the new total; inside a caller's transaction
# no savepoint of its own (the create below has one for its IntegrityError).
@transaction.atomic(savepoint=False)
def count(scope: str, who: str, window: int) -> int:
    """Count one hit for ``who`` in the current window of ``scope``; the new total."""
    key, ends = _key(scope, who, window)
    counters = RateCounter.objects.filter(key=key)
    if not counters.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, count=1, expires=ends)
        except IntegrityError:  # another request created it first: count on its row
            counters.update(count=F("count") + 1)
        else:
            # A window's first hit is a cheap moment to drop the windows that are over.
            RateCounter.objects.filter(expires__lte=int(time.time())).delete()
            return 1
    return counters.values_list("count", flat=True).get()


def current(scope: str, who: str, window: int) -> int:
    """How many hits ``who`` has in the current window of ``scope``, counting none."""
    key = _key(scope, who, window)[0]
    return RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0


def allow(request, scope: str, allowed: int, window: int, *, who: str | None = None) -> bool:
    """Count one request; False when the caller is over ``allowed`` in this window."""
    return count(scope, who or client_key(request, window), window) <= allowed
