"""Staff notices by message: a staff member links a chat with a one-time code from their
notices page (``/start CODE`` from Telegram's deep link, ``HUBUNGKAN CODE`` on WhatsApp or
SMS), then gets the notification kinds they chose there as messages.

A notice carries what the in-app notification carries, a reference and a link, never personal
data. The notifications app knows no channel (it is a lower layer): it names
``MessageTransport`` by dotted path in SIGAP_NOTIFICATION_TRANSPORTS."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sigap.cases.models import Referral
from sigap.notifications import actions as notifications
from sigap.notifications.models import MessageLink
from sigap.notifications.transports import Skipped, Transport
from sigap.people import ratelimit

LINK_WORDS = {"/start", "hubungkan", "link", "/link", "/hubungkan"}
MAX_TRIES = 5  # link attempts per chat per hour: a 40-bit code cannot be guessed in that
TRIES_WINDOW_S = 3600


def link_code(text: str) -> str | None:
    """The code of a link command (``/start CODE``, ``HUBUNGKAN CODE``, spaces or dashes
    inside the code allowed), "" for a link word with something that is no code, None for
    any other message (``/start`` alone included: that is Telegram's hello)."""
    word, _sep, rest = text.strip()[:100].partition(" ")
    if word.lower() not in LINK_WORDS or not rest.strip():
        return None
    code = rest.replace("-", "").replace(" ", "").upper()
    valid = len(code) == notifications.LINK_CODE_LENGTH and all(
        char in notifications.LINK_CODE_ALPHABET for char in code
    )
    return code if valid else ""


def link_from_text(contact, text: str) -> str | None:
    """If ``text`` links this chat to a staff account, do it and return the answer; None when
    the message is no link command (the resident's conversation handles it then)."""
    code = link_code(text)
    if code is None:
        return None
    with translation.override(contact.language or settings.LANGUAGE_CODE):
        if ratelimit.count("message-link", str(contact.pk), TRIES_WINDOW_S) > MAX_TRIES:
            return _("Too many tries. Wait an hour, then ask for a new code on your account.")
        user = notifications.link_code_redeem(
            code=code, channel=contact.channel, address=contact.address
        ) if code else None  # fmt: skip
        if user is None:
            return _(
                "This code is not valid or has expired. Ask for a new code on your notices "
                "page: %(url)s"
            ) % {"url": _page_url()}
        if contact.stopped_at is not None:  # asking to be linked is asking for messages
            contact.stopped_at = None
            contact.save(update_fields=["stopped_at"])
        return _(
            "Linked: this chat now gets the SIGAP notices you choose on your notices page "
            "(%(url)s). A notice holds only a reference and a link; sign in to see more. "
            "Unlink there at any time."
        ) % {"url": _page_url()}


def _page_url() -> str:
    return settings.SIGAP_BASE_URL.rstrip("/") + reverse("notifications:messages")


# Outside WhatsApp's 24-hour window a notice goes out as its approved template
# (sigap.channels.templates) with two parameters: the reference and the link.
TEMPLATES = {
    "cases.referral": "sigap_rujukan_baru",
    "cases.referral_due": "sigap_rujukan_besok",
    "cases.overdue": "sigap_rujukan_terlambat",
    "alert.new": "sigap_peringatan_dini",
}


def notice_text(notification) -> str:
    """The message: the notification's subject (a reference, no personal data) and its link."""
    return f"SIGAP: {notification.subject}\n{_link(notification)}"


def _link(notification) -> str:
    return settings.SIGAP_BASE_URL.rstrip("/") + notification.link


def _reference(notification) -> str:
    if notification.object_type == "referral" and notification.object_id.isdigit():
        return Referral.reference_for(int(notification.object_id))
    return notification.subject


class MessageTransport(Transport):
    """Queues the notice to the recipient's linked chat, if they chose this kind."""

    channel = "message"

    def send(self, notification) -> None:
        # Late: the conversation (sigap.channels.actions) imports this module for linking.
        from sigap.channels import actions, outbound

        link = MessageLink.objects.filter(user_id=notification.recipient_id).first()
        if link is None or not link.is_linked:
            raise Skipped("no chat linked")
        if notification.kind not in link.kinds:
            raise Skipped("not chosen for messages")
        contact = actions.contact_for(channel=link.channel, address=link.address)
        if contact.stopped_at is not None:
            raise Skipped("the chat sent STOP")
        template = TEMPLATES.get(notification.kind, "")
        params = [_reference(notification), _link(notification)] if template else []
        outbound.queue_text(contact, notice_text(notification), template=template, params=params)
