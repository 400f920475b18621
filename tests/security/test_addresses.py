"""Client addresses behind a proxy (issue 17, finding 4) and password spraying (finding 5):
limits count each client apart, an address is never stored, and many wrong passwords from one
address are throttled even when no single account reaches its lockout."""

import pytest
from django.test import RequestFactory

from sigap.cases.models import Report
from sigap.people import ratelimit
from sigap.people.models import AuditEvent, RateCounter, Role
from tests import personas
from tests.cases.test_intake import post_report, receipt_in
from tests.people.helpers import LOGIN, post_password

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


def key(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return ratelimit.client_key(RequestFactory().get("/", **meta), 600)


def test_forwarded_header_is_believed_only_from_a_listed_proxy(settings):
    settings.SIGAP_TRUSTED_PROXIES = [PROXY]
    # Through the proxy: each client has its own key.
    assert key(PROXY, "203.0.113.7") != key(PROXY, "203.0.113.8")
    assert key(PROXY, "203.0.113.7") == key("203.0.113.7")
    # The client's own forged entries stand left of what the proxy appended.
    assert key(PROXY, "1.2.3.4, 203.0.113.7") == key("203.0.113.7")
    # Straight to the server, a forwarded header is the sender's claim and is ignored.
    assert key("198.51.100.1", "203.0.113.7") == key("198.51.100.1")


def test_trusted_proxies_may_be_networks(settings):
    settings.SIGAP_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    assert key("10.1.2.3", "203.0.113.7") == key("203.0.113.7")
    assert key("fd00::1", "10.9.9.9, 203.0.113.9") == key("203.0.113.9")


def test_reporters_behind_the_proxy_have_their_own_limits(client, settings, areas):
    settings.SIGAP_TRUSTED_PROXIES = [PROXY]
    settings.SIGAP_RATE_LIMITS = {"report": [2, 3600]}
    for _ in range(2):
        receipt_in(post_report(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7"))
    assert (
        post_report(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code
        == 429
    )
    receipt_in(post_report(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8"))
    assert Report.objects.count() == 3
    stored = " ".join(RateCounter.objects.values_list("key", flat=True))
    assert "203.0.113" not in stored and PROXY not in stored


def test_spraying_twenty_passwords_over_five_accounts_is_throttled(client, areas):
    names = [f"semprot_{i}" for i in range(5)]
    for name in names:
        personas.person(name, role=Role.RELAWAN, area=personas.TERJUN)
    pages = [
        post_password(client, name, f"tebakan-{attempt}").content.decode()
        for attempt in range(4)
        for name in names
    ]
    throttled = [page for page in pages if "dari sambungan ini" in page]
    assert len(throttled) >= 10  # the 11th failure on is refused without a try
    # No account reached its own lockout: the throttle is per address.
    assert not AuditEvent.objects.filter(action="login.lockout").exists()
    # While throttled, even the right password does not get in from this address...
    assert "dari sambungan ini" in post_password(client, names[0]).content.decode()
    # ...but from another address it does.
    form = {"username": names[0], "password": personas.PASSWORD}
    assert client.post(LOGIN, form, REMOTE_ADDR="198.51.100.20").status_code == 302
