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
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    sampai = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
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


class ReportForm(forms.Form):
    """An area the person may see (its code) and a month."""

    area = forms.ChoiceField(label=_("Area"))
    month = forms.CharField(
        label=_("Month"), widget=forms.DateInput({"type": "month"}), max_length=7
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.code, a.display_name) for a in areas]

    def clean_month(self):
        text = self.cleaned_data["month"]
        try:
            year, month = (int(part) for part in text.split("-"))
            return Period.month(year, month)
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-11."))
