"""Notifications and their deliveries. A notification carries a subject and a link, never
personal data: the person follows the link and signs in to read anything sensitive."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
