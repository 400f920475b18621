"""What went through the simulator: each message a person typed (to SIGAP) and each one SIGAP
sent to the fake provider (from SIGAP), per channel and fake number. Demo data only: the
numbers are made up on the page, so nothing here is a real person's."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.channels.models import Provider

CHANNELS = dict(Provider.choices)


class SimMedia(models.Model):
    """A photo a person sent from the page; SIGAP fetches it through the fake media API."""

    content = models.BinaryField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"media {self.pk}"


class SimMessage(models.Model):
    channel = models.CharField(max_length=16, choices=list(CHANNELS.items()))
    address = models.CharField(_("number or chat"), max_length=32)
    to_sigap = models.BooleanField()  # True: the person wrote it; False: SIGAP sent it
    text = models.TextField(blank=True)
    media = models.ForeignKey(SimMedia, null=True, blank=True, on_delete=models.SET_NULL)
    provider_id = models.CharField(max_length=100, blank=True)
    # A webhook that SIGAP refused (its HTTP status): shown under the message.
    refused = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        indexes = [
            # The chat page polls one conversation, newest messages last.
            models.Index(fields=["channel", "address", "id"], name="sim_chat")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.pk}"
