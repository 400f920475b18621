from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap import screening
from sigap.jobcheck import bulk
from sigap.jobcheck.display import pick
from sigap.jobcheck.models import Channel

MAX_CHARS = 20_000  # a post, or a few; longer text is almost never one job offer
MAX_UPLOAD_BYTES = 200 * 1024


def country_choices():
    """Destinations the ruleset knows, named in the page's language (evaluated per form)."""
    destinations = screening.default_screener().ruleset.destinations.values()
    named = [(d.code, pick(d, "name")) for d in destinations if d.status != "domestic"]
    return [("", gettext_lazy("— not stated —")), *sorted(named, key=lambda c: c[1])]


class CheckForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text of the job offer or post"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Paste the whole post, including phone numbers and company names. It is not stored."
        ),
    )
    upload = forms.FileField(
        label=gettext_lazy("Or upload the text as a .txt file"),
        required=False,
        help_text=gettext_lazy("For example the text copied from a screenshot (UTF-8 text)."),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Where did you see it? (optional)"),
        required=False,
        choices=[("", gettext_lazy("— not stated —")), *Channel.choices],
    )
    url = forms.URLField(
        label=gettext_lazy("Link to the post (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    country = forms.ChoiceField(
        label=gettext_lazy("Country you were told you would work in (optional)"),
        required=False,
        choices=country_choices,
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return ""
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most 200 KB). Upload only the text of the post.")
            )
        try:
            return screening.decode_text(upload.read())
        except screening.ScreeningInputError:
            raise forms.ValidationError(
                _(
                    "This file is not plain text. Save the post as a .txt file in UTF-8, or "
                    "copy the text and paste it in the box above."
                )
            ) from None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        text = data.get("upload") or data.get("text") or ""
        if not text.strip():
            raise forms.ValidationError(
                _("Paste the text of the job offer in the box, or upload it as a .txt file.")
            )
        if len(text) > MAX_CHARS:
            raise forms.ValidationError(
                _(
                    "The text is too long: %(count)s characters, and at most %(max)s can be "
                    "checked at once. Paste only the job offer itself."
                )
                % {"count": _number(len(text)), "max": _number(MAX_CHARS)}
            )
        data["post"] = text
        return data


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class BulkForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of posts (.jsonl or .csv)"),
        help_text=gettext_lazy(
            "JSONL: one JSON object per line with “id” and “text”. CSV: a header line with the "
            "columns “id” and “text”. At most 10 MB and 50.000 records."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        fmt = bulk.format_of(upload.name)
        if fmt is None:
            raise forms.ValidationError(_("Upload a .jsonl or a .csv file."))
        if upload.size > bulk.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Split it into smaller files.")
            )
        upload.seek(0)
        try:
            self.total = bulk.count_records(upload, fmt)
        except bulk.FileProblem as exc:
            raise forms.ValidationError(str(exc)) from None
        self.format = fmt
        return upload
