"""The fake provider APIs SIGAP's transports call when the simulator is on: the WhatsApp Cloud
API (Graph ``/<phone-id>/messages`` and media), the Telegram Bot API (``sendMessage``,
``getFile`` and the file download) and the SMS gateway's send call. Each checks the credential
the real one checks, records what SIGAP sent and answers in the provider's shape."""

import json
import secrets

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from sigap.channels import providers, templates
from sigap.simulator.access import fake_api
from sigap.simulator.models import SimMedia, SimMessage

TEXT_LIMIT = 4096


def _record(channel: str, address: str, text: str, provider_id: str) -> SimMessage:
    return SimMessage.objects.create(
        channel=channel,
        address=str(address)[:32],
        to_sigap=False,
        text=str(text)[:TEXT_LIMIT],
        provider_id=provider_id,
    )


def _body(request) -> dict:
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------------------- WhatsApp


def _graph_error(status: int, code: int, message: str) -> JsonResponse:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "SIM"}
    return JsonResponse({"error": error}, status=status)


def _whatsapp_token_ok(request) -> bool:
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return providers.same_secret(given, settings.SIGAP_WHATSAPP_TOKEN)


@fake_api
@require_POST
def whatsapp_messages(request, phone_id):
    if not _whatsapp_token_ok(request):
        return _graph_error(401, 190, "Invalid OAuth access token.")
    data = _body(request)
    to = str(data.get("to", ""))
    if phone_id != settings.SIGAP_WHATSAPP_PHONE_ID or not to.isdigit():
        return _graph_error(400, 100, "Invalid parameter")
    message_id = "wamid.SIMOUT" + secrets.token_hex(12)
    _record("whatsapp", to, _whatsapp_text(data), message_id)
    return JsonResponse(
        {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": message_id}],
        }
    )


def _whatsapp_text(data: dict) -> str:
    """What the person's phone would show for this message."""
    kind = data.get("type")
    if kind == "text":
        return str((data.get("text") or {}).get("body", ""))
    if kind == "template":
        return _template_text(data.get("template") or {})
    if kind == "interactive":
        interactive = data.get("interactive") or {}
        return str((interactive.get("body") or {}).get("text", ""))
    return f"[{kind}]"


def _template_text(template: dict) -> str:
    params = []
    for component in template.get("components") or []:
        params += [str(p.get("text", "")) for p in component.get("parameters") or []]
    name = str(template.get("name", ""))
    language = str((template.get("language") or {}).get("code", "id"))
    try:
        return templates.get(name).render(params, language)
    except KeyError:
        return f"[template {name}] " + " · ".join(params)


@fake_api
@require_GET
def whatsapp_media(request, media_id):
    """Graph's media lookup: the file's address (on this simulator), type and size."""
    if not _whatsapp_token_ok(request):
        return _graph_error(401, 190, "Invalid OAuth access token.")
    media = _media(media_id)
    if media is None:
        return _graph_error(404, 100, "Unsupported get request.")
    url = request.build_absolute_uri(reverse("simulator:whatsapp_file", args=[media.pk]))
    return JsonResponse(
        {
            "messaging_product": "whatsapp",
            "url": url,
            "mime_type": media.content_type,
            "file_size": len(media.content),
            "id": media_id,
        }
    )


@fake_api
@require_GET
def whatsapp_file(request, pk):
    if not _whatsapp_token_ok(request):
        return _graph_error(401, 190, "Invalid OAuth access token.")
    media = SimMedia.objects.filter(pk=pk).first()
    if media is None:
        return _graph_error(404, 100, "Unsupported get request.")
    return HttpResponse(bytes(media.content), content_type=media.content_type)


def _media(ref: str) -> SimMedia | None:
    number = ref.removeprefix("sim-")
    return SimMedia.objects.filter(pk=int(number)).first() if number.isdigit() else None


# ---------------------------------------------------------------------------- Telegram


def _telegram_error(status: int, description: str) -> JsonResponse:
    return JsonResponse(
        {"ok": False, "error_code": status, "description": description}, status=status
    )


def _telegram_token_ok(token: str) -> bool:
    return providers.same_secret(token, settings.SIGAP_TELEGRAM_BOT_TOKEN)


@fake_api
@require_POST
def telegram_send(request, token):
    if not _telegram_token_ok(token):
        return _telegram_error(401, "Unauthorized")
    data = _body(request)
    chat = str(data.get("chat_id", ""))
    if not chat.lstrip("-").isdigit():
        return _telegram_error(400, "Bad Request: chat not found")
    row = _record("telegram", chat, str(data.get("text", "")), "")
    row.provider_id = str(row.pk)
    row.save(update_fields=["provider_id"])
    result = {"message_id": row.pk, "chat": {"id": int(chat), "type": "private"}}
    return JsonResponse({"ok": True, "result": result | {"text": row.text}})


@fake_api
@require_GET
def telegram_get_file(request, token):
    if not _telegram_token_ok(token):
        return _telegram_error(401, "Unauthorized")
    media = _media(request.GET.get("file_id", ""))
    if media is None:
        return _telegram_error(400, "Bad Request: invalid file_id")
    result = {"file_id": f"sim-{media.pk}", "file_unique_id": f"u{media.pk}"}
    result |= {"file_size": len(media.content), "file_path": f"photos/file_{media.pk}.jpg"}
    return JsonResponse({"ok": True, "result": result})


@fake_api
@require_GET
def telegram_file(request, token, pk):
    if not _telegram_token_ok(token):
        return _telegram_error(401, "Unauthorized")
    media = SimMedia.objects.filter(pk=pk).first()
    if media is None:
        return _telegram_error(404, "Not Found")
    return HttpResponse(bytes(media.content), content_type=media.content_type)


# ---------------------------------------------------------------------------- SMS


@fake_api
@require_POST
def sms_send(request):
    """DartMedia's send call: a form; ``000`` taken, ``001`` authentication refused."""
    form = request.POST
    user_ok = providers.same_secret(form.get("userid", ""), settings.SIGAP_SMS_USER)
    key_ok = providers.same_secret(form.get("password", ""), settings.SIGAP_SMS_KEY)
    if not (user_ok and key_ok):
        return HttpResponse("001", content_type="text/plain")
    number = form.get("sendto", "")
    if not number.isdigit() or "message" not in form:
        return HttpResponse("101", content_type="text/plain")
    _record("sms", number, form["message"], form.get("messageid", "")[:100])
    return HttpResponse("000", content_type="text/plain")
