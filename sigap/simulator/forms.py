from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.simulator.models import CHANNELS

PHOTO_LIMIT = 200 * 1024  # bytes: under the webhooks' body cap; a demo photo, not an archive
DEFAULT_NUMBERS = {"whatsapp": "6281234500001", "telegram": "700000001", "sms": "6281234500002"}


class ChatForm(forms.Form):
    """Which chat: a channel and a made-up number (a Telegram chat id for Telegram)."""

    kanal = forms.ChoiceField(label=_("Channel"), choices=list(CHANNELS.items()))
    nomor = forms.RegexField(
        label=_("Made-up number"),
        regex=r"^[0-9]{5,15}$",
        max_length=15,
        help_text=_("5 to 15 digits, e.g. 6281234500001. Use a number that is nobody's."),
        error_messages={"invalid": _("Type 5 to 15 digits, without spaces or +.")},
    )


class SendForm(ChatForm):
    teks = forms.CharField(label=_("Message"), max_length=4096, required=False, strip=False)
    foto = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("A JPEG or PNG of at most 200 KB."),
    )

    def clean_foto(self):
        photo = self.cleaned_data.get("foto")
        if photo is None:
            return None
        if photo.size > PHOTO_LIMIT:
            raise forms.ValidationError(_("The photo is larger than 200 KB: choose a smaller one."))
        head = photo.read(8)
        photo.seek(0)
        if head.startswith(b"\xff\xd8\xff"):
            return photo, "image/jpeg"
        if head.startswith(b"\x89PNG"):
            return photo, "image/png"
        raise forms.ValidationError(_("Send a JPEG or PNG photo."))

    def clean(self):
        data = super().clean()
        if not (data.get("teks") or "").strip() and not data.get("foto"):
            raise forms.ValidationError(_("Type a message or choose a photo."))
        return data
