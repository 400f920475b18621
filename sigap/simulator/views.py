"""The simulator's pages: a chat as a resident (WhatsApp-, Telegram- or SMS-like) and a staff
member's Telegram chat. What the person types goes to SIGAP's real webhook, signed; SIGAP's
answers come back through the fake provider API (sigap.simulator.api) and the page polls them."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from sigap.notifications.models import MessageLink
from sigap.simulator import inbound
from sigap.simulator.access import simulator_page
from sigap.simulator.forms import DEFAULT_NUMBERS, ChatForm, SendForm
from sigap.simulator.models import CHANNELS, SimMedia, SimMessage

SHOWN = 100  # the newest messages of a chat on the page


def _chat(params) -> tuple[str, str]:
    form = ChatForm(params)
    if form.is_valid():
        return form.cleaned_data["kanal"], form.cleaned_data["nomor"]
    channel = params.get("kanal") if params.get("kanal") in CHANNELS else "whatsapp"
    return channel, DEFAULT_NUMBERS[channel]


def _messages(channel: str, address: str) -> list[SimMessage]:
    found = SimMessage.objects.filter(channel=channel, address=address).order_by("-pk")
    return list(reversed(found[:SHOWN]))


def _context(channel: str, address: str, **extra) -> dict:
    query = urlencode({"kanal": channel, "nomor": address})
    return {
        "channel": channel,
        "channel_name": CHANNELS[channel],
        "address": address,
        "chat_messages": _messages(channel, address),
        "poll_url": reverse("simulator:messages") + "?" + query,
        "pick": ChatForm(initial={"kanal": channel, "nomor": address}),
        "send": SendForm(initial={"kanal": channel, "nomor": address}),
    } | extra


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@simulator_page
@require_GET
def chat(request):
    channel, address = _chat(request.GET)
    return render(request, "simulator/chat.html", _context(channel, address))


@simulator_page
@require_GET
def messages(request):
    channel, address = _chat(request.GET)
    return render(request, "simulator/_messages.html", _context(channel, address))


@simulator_page
@require_POST
def send(request):
    form = SendForm(request.POST, request.FILES)
    if not form.is_valid():
        channel, address = _chat(request.POST)
        context = _context(channel, address, send=form)
        if _htmx(request):  # htmx swaps only a 2xx answer: the errors come in one
            return render(request, "simulator/_phone.html", context)
        return render(request, "simulator/chat.html", context, status=400)
    data = form.cleaned_data
    media = None
    if data["foto"]:
        photo, content_type = data["foto"]
        media = SimMedia.objects.create(content=photo.read(), content_type=content_type)
    message = SimMessage.objects.create(
        channel=data["kanal"],
        address=data["nomor"],
        to_sigap=True,
        text=data["teks"].strip(),
        media=media,
        provider_id=inbound.new_provider_id(data["kanal"]),
    )
    # To SIGAP_BASE_URL, never to the request's Host: the page decides nothing about where
    # the server posts.
    status = inbound.deliver(message, settings.SIGAP_BASE_URL)
    if status != 200:
        message.refused = status
        message.save(update_fields=["refused"])
    if _htmx(request):
        return render(request, "simulator/_phone.html", _context(data["kanal"], data["nomor"]))
    query = urlencode({"kanal": data["kanal"], "nomor": data["nomor"]})
    return redirect(reverse("simulator:chat") + "?" + query)


@simulator_page
@require_GET
def staff(request):
    """The Telegram chats staff members linked for their notices; one of them shown."""
    links = MessageLink.objects.filter(channel="telegram", linked_at__isnull=False)
    chats = [(link.address, link.user.display_name) for link in links.select_related("user")]
    chosen = request.GET.get("nomor", "")
    address = chosen if chosen in dict(chats) else (chats[0][0] if chats else "")
    context = _context(
        "telegram",
        address or DEFAULT_NUMBERS["telegram"],
        staff_chats=chats,
        staff_name=dict(chats).get(address, ""),
    )
    return render(request, "simulator/staff.html", context)
