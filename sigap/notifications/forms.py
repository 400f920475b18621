from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.notifications.models import MESSAGE_KINDS


class MessageKindsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me by message"),
        choices=list(MESSAGE_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The in-app notice and the e-mail stay as they are."),
    )
