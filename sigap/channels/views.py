"""The providers' webhooks: public (the provider signs, nobody signs in), CSRF-exempt (no
browser), capped in size (sigap.middleware.BODY_LIMITS). Each verifies, stores and answers
200 at once; a task does the rest. A bad signature stores nothing."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from sigap.channels import actions, providers
from sigap.channels.models import Provider
from sigap.people.ratelimit import client_address


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def whatsapp(request):
    if not settings.SIGAP_WHATSAPP_APP_SECRET:
        raise Http404("channel off")
    if request.method == "GET":
        return _handshake(request.GET)
    signature = request.headers.get("X-Hub-Signature-256", "")
    if not providers.whatsapp_signed(request.body, signature, settings.SIGAP_WHATSAPP_APP_SECRET):
        return HttpResponseForbidden("bad signature")
    return _accept(Provider.WHATSAPP, request.body)


def _handshake(query) -> HttpResponse:
    """Meta's set-up check: echo the challenge (digits only) to whoever knows the token."""
    challenge = query.get("hub.challenge", "")
    token = query.get("hub.verify_token", "")
    if (
        query.get("hub.mode") == "subscribe"
        and providers.same_secret(token, settings.SIGAP_WHATSAPP_VERIFY_TOKEN)
        and challenge.isdigit()
        and len(challenge) <= 32
    ):
        return HttpResponse(challenge, content_type="text/plain")
    return HttpResponseForbidden("bad verify token")


@csrf_exempt
@login_not_required
@require_POST
def telegram(request, secret):
    if not settings.SIGAP_TELEGRAM_SECRET or not providers.same_secret(
        secret, settings.SIGAP_TELEGRAM_PATH
    ):
        raise Http404("not found")
    header = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not providers.same_secret(header, settings.SIGAP_TELEGRAM_SECRET):
        return HttpResponseForbidden("bad secret token")
    return _accept(Provider.TELEGRAM, request.body)


def _accept(channel: str, body: bytes) -> HttpResponse:
    try:
        events = providers.split(channel, body)
    except providers.BadPayload:
        return HttpResponse("not JSON", status=400, content_type="text/plain")
    actions.inbound_receive(channel=channel, events=events)
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def sms(request, secret):
    """The SMS gateway's calls (DartMedia's format: a GET or a form with ``messageid``,
    ``original``, ``message``; or a delivery report with ``messageid`` and ``status``): the
    secret path, then the caller's address in SIGAP_SMS_ALLOWED_ADDRESSES. It wants ``000``."""
    if not settings.SIGAP_SMS_PATH or not providers.same_secret(secret, settings.SIGAP_SMS_PATH):
        raise Http404("not found")
    if not _sms_allowed(client_address(request)):
        return HttpResponseForbidden("address not allowed")
    try:
        events = providers.split_sms(request.GET.dict() | request.POST.dict())
    except providers.BadPayload:
        return HttpResponse("missing parameters", status=400, content_type="text/plain")
    actions.inbound_receive(channel=Provider.SMS, events=events)
    return HttpResponse("000", content_type="text/plain")


def _sms_allowed(address: str) -> bool:
    """Whether the gateway may call from ``address``; none may while the list is empty."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.SIGAP_SMS_ALLOWED_ADDRESSES)))


@lru_cache(maxsize=4)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
