from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.dashboards.queries import Period

MEASURES = [
    ("reports", _("Reports")),
    ("cases", _("Cases")),
    ("ambassadors", _("Active ambassadors")),
    ("reached", _("People reached by outreach")),
]


class PeriodForm(forms.Form):
    dari = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    sampai = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput({"type": "date"})
    )
    peta = forms.ChoiceField(label=_("Map shows"), choices=MEASURES, required=False)

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        return data

    def period(self) -> Period:
        """The chosen period; the last twelve months when none (or an invalid one) is given."""
        default = Period.last_months(12)
        if not self.is_valid():
            return default
        return Period(
            self.cleaned_data.get("dari") or default.start,
            self.cleaned_data.get("sampai") or default.end,
        )

    def measure(self) -> str:
        return (self.is_valid() and self.cleaned_data.get("peta")) or "reports"
