from django.conf import settings
from django.contrib import messages as django_messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.notifications import actions
from sigap.notifications.forms import MessageKindsForm
from sigap.notifications.models import MessageLink, Notification


def inbox(request):
    notes = Notification.objects.for_user(request.user)[:100]
    return render(request, "notifications/inbox.html", {"notes": notes})


@require_POST
def open_notification(request, pk):
    note = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    actions.notification_read(user=request.user, notification_id=note.pk)
    safe = url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()})
    return redirect(note.link if safe else "notifications:inbox")


@require_POST
def read_all(request):
    actions.notifications_read_all(user=request.user)
    return redirect("notifications:inbox")


CHANNEL_NAMES = {"whatsapp": "WhatsApp", "telegram": "Telegram", "sms": "SMS"}


@require_GET
def messages_page(request):
    return _messages_page(request)


def _messages_page(request, *, code: str = ""):
    """Notices by message: the linked chat, a one-time code to link one, the kinds chosen."""
    link = MessageLink.objects.filter(user=request.user).first()
    form = MessageKindsForm(initial={"kinds": link.kinds if link else []})
    bot = settings.SIGAP_TELEGRAM_BOT_USERNAME
    context = {
        "link": link if link and link.is_linked else None,
        "channel_name": CHANNEL_NAMES.get(link.channel, "") if link else "",
        "masked": _mask(link.address) if link and link.is_linked else "",
        "form": form,
        "code": code,
        "minutes": actions.LINK_CODE_MINUTES,
        "telegram_url": f"https://t.me/{bot}?start={code}" if bot and code else "",
        # The demo's simulator (sigap/simulator) plays the bot: its Telegram chat, by address.
        "simulator_url": reverse("simulator:chat") + "?kanal=telegram"
        if settings.SIGAP_CHANNEL_SIMULATOR and code
        else "",
    }
    return render(request, "notifications/messages.html", context)


def _mask(address: str) -> str:
    """Enough of a number or chat id to recognise it, never all of it."""
    return "•••" + address[-3:] if len(address) > 5 else "•••"


@require_POST
def messages_kinds(request):
    form = MessageKindsForm(request.POST)
    if not form.is_valid():
        django_messages.error(request, _("Choose among the kinds listed."))
        return redirect("notifications:messages")
    actions.message_kinds_set(user=request.user, kinds=form.cleaned_data["kinds"])
    django_messages.success(request, _("Your choice of notices by message has been saved."))
    return redirect("notifications:messages")


@require_POST
def messages_code(request):
    _code, raw = actions.link_code_create(user=request.user)
    return _messages_page(request, code=raw)


@require_POST
def messages_unlink(request):
    if actions.message_unlink(user=request.user):
        django_messages.success(request, _("The chat is unlinked: it gets no more notices."))
    return redirect("notifications:messages")
