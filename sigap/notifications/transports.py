"""One small class per channel. Settings name them by dotted path
(SIGAP_NOTIFICATION_TRANSPORTS), so a WhatsApp or SMS gateway is one more class, not a new flow."""

import smtplib
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import override


class Skipped(Exception):
    """The channel does not apply to this recipient (e.g. no e-mail address)."""


class Transport(ABC):
    channel = ""

    @abstractmethod
    def send(self, notification) -> None:
        """Deliver one notification; raise Skipped when the channel does not apply."""


class InAppTransport(Transport):
    """The notification row is the in-app message; delivering it is storing it."""

    channel = "in_app"

    def send(self, notification) -> None:
        return None


class EmailTransport(Transport):
    channel = "email"

    def send(self, notification) -> None:
        user = notification.recipient
        if not user.email:
            raise Skipped("no e-mail address")
        link = settings.SIGAP_BASE_URL.rstrip("/") + notification.link
        with override(user.language or settings.LANGUAGE_CODE):
            body = _("%(subject)s\n\nOpen SIGAP to see the details (sign-in required):\n%(link)s")
            body = body % {"subject": notification.subject, "link": link}
        try:
            send_mail(f"[SIGAP] {notification.subject}", body, None, [user.email])
        except (smtplib.SMTPException, OSError) as error:
            raise RuntimeError(f"{type(error).__name__}: {error}"[:290]) from error


def transports() -> tuple[Transport, ...]:
    return tuple(import_string(path)() for path in settings.SIGAP_NOTIFICATION_TRANSPORTS)
