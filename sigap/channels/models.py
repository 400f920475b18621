"""Contacts, inbound and outbound messages of the messaging channels.

A contact's phone number or chat id is personal data (a message is never anonymous): it is kept
only encrypted, for replies, and as a keyed hash, to find the contact again. Raw payloads hold
numbers and text, so they are encrypted too.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.people.fields import EncryptedTextField


class Provider(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    SMS = "sms", "SMS"


class Contact(models.Model):
    """One resident on one channel."""

    channel = models.CharField(max_length=16, choices=Provider.choices)
    address = EncryptedTextField(_("address"))  # the phone number or chat id, for replies
    address_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=8, default="id")
    stopped_at = models.DateTimeField(null=True, blank=True)
    # WhatsApp's 24-hour customer-service window opens at the contact's last message.
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Finding a contact by its number: one lookup on (channel, hash).
            models.UniqueConstraint(
                fields=["channel", "address_hash"], name="channels_contact_unique"
            )
        ]

    def __str__(self) -> str:
        return f"contact {self.pk}"

    def mask(self) -> str:
        """The only form of the number staff ever see: ``+62 812-••••-•789``."""
        return mask_address(self.channel, self.address)


HIDDEN = "••••-•"


def mask_address(channel: str, address: str) -> str:
    """An Indonesian number keeps its operator prefix and last three digits, any other number
    or chat id its last three; the hidden part is always as long, so it tells no length."""
    digits = "".join(char for char in address[:40] if char.isdigit())
    if len(digits) < 7:
        return "••••"
    national = digits[2:] if digits.startswith("62") else digits[1:] if digits[0] == "0" else ""
    if channel != Provider.TELEGRAM and len(national) >= 7:
        return f"+62 {national[:3]}-{HIDDEN}{national[-3:]}"
    return f"{HIDDEN}{digits[-3:]}"


class Kind(models.TextChoices):
    TEXT = "text", _("text")
    MEDIA = "media", _("photo or file")
    STATUS = "status", _("delivery status")
    EDITED = "edited", _("edited message")
    OTHER = "other", _("other")


class InboundMessage(models.Model):
    """One event a provider sent: stored at once, processed by a task."""

    channel = models.CharField(max_length=16, choices=Provider.choices)
    provider_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    payload = EncryptedTextField(_("payload"))  # the provider's JSON for this event
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="inbound"
    )
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A replayed webhook is stored once: the provider's id is unique per channel.
            models.UniqueConstraint(
                fields=["channel", "provider_id"], name="channels_inbound_unique"
            )
        ]

    def __str__(self) -> str:
        return f"inbound {self.pk}"


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class OutboundMessage(models.Model):
    """A reply on its way: sent by a task, retried on failure; the provider's status
    callbacks move it to delivered or failed."""

    channel = models.CharField(max_length=16, choices=Provider.choices)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="outbound")
    text = EncryptedTextField(_("text"))
    # Outside WhatsApp's 24-hour window only an approved template may go out: its name in the
    # registry (sigap.channels.templates) and its parameters; empty for free text.
    template = models.CharField(max_length=64, blank=True, default="")
    template_params = models.JSONField(default=list, blank=True)
    # A provider's throttling answer: not sent again before this time.
    not_before = models.DateTimeField(null=True, blank=True)
    in_reply_to = models.ForeignKey(
        InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    provider_id = models.CharField(max_length=200, blank=True, default="")
    error = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # A status callback finds its message by the provider's id.
            models.Index(fields=["channel", "provider_id"], name="channels_outbound_provider")
        ]

    def __str__(self) -> str:
        return f"outbound {self.pk}"


class Conversation(models.Model):
    """Where a contact is in a guided conversation (the report: sigap.channels.conversation).
    One at a time per contact; forgotten after ``conversation.EXPIRY`` of silence."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="conversation")
    flow = models.CharField(max_length=16)
    step = models.CharField(max_length=16)
    data = EncryptedTextField(_("data"), default="{}")  # JSON: what the resident answered
    # The sweep of silent conversations reads this range.
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"conversation {self.pk}"


class ReportContact(models.Model):
    """The contact who filed a report by message, so that the team's messages reach them.
    Goes when the report is erased, and the contact with it when nothing else refers to it."""

    report = models.OneToOneField("cases.Report", on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="reports")
    # The provider's reference of the photo the resident sent, until it is attached.
    photo_ref = EncryptedTextField(_("photo reference"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The reports-per-day limit counts a contact's recent reports.
            models.Index(fields=["contact", "created_at"], name="channels_reportcontact_recent")
        ]

    def __str__(self) -> str:
        return f"report contact {self.pk}"
