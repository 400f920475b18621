"""Notifications and their deliveries. A notification carries a subject and a link, never
personal data: the person follows the link and signs in to read anything sensitive."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.people.fields import EncryptedTextField


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=64)
    subject = models.CharField(_("subject"), max_length=200)
    link = models.CharField(_("link"), max_length=300)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The navigation's unread count and the inbox list one user's newest first.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notif_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=Status.choices)
    detail = models.CharField(max_length=300, blank=True)
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempted_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.channel}: {self.status}"


# The notices a staff member may choose to get by message (WhatsApp, Telegram, SMS): the
# notification kinds the features send, each with its label on the account page.
MESSAGE_KINDS = {
    "cases.referral": _("New referral for my agency"),
    "cases.referral_due": _("Referral due tomorrow"),
    "cases.overdue": _("Referral overdue"),
    "alert.new": _("Early-warning alert for my area"),
}


class MessageLink(models.Model):
    """The chat a staff member linked to get notices by message, and which kinds they want.

    The chat's number or id is personal data: stored only encrypted. The notifications app
    knows no channel: the channels' transport (sigap.channels.staff) reads ``channel`` and
    ``address`` to find its contact and queue the message."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_link"
    )
    channel = models.CharField(_("channel"), max_length=16, blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message link")
        verbose_name_plural = _("message links")

    def __str__(self) -> str:
        return f"message link of {self.user_id}"

    @property
    def is_linked(self) -> bool:
        return bool(self.linked_at and self.channel and self.address)


class LinkCode(models.Model):
    """A one-time code a staff member sends to the bot to link that chat: short-lived, single
    use, stored only as a keyed hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_link_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)  # the bot finds a code by its hash
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("link code")
        verbose_name_plural = _("link codes")

    def __str__(self) -> str:
        return f"link code {self.pk}"
