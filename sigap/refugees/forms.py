from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.refugees.models import AgeGroup, Nationality, Sex


def cell_name(nationality: str, sex: str, age: str) -> str:
    return f"n_{nationality}_{sex}_{age.replace('-', '_').replace('+', 'p')}"


class HeadcountForm(forms.Form):
    """One count date: a number per nationality × sex × age group (blank means none)."""

    counted_on = forms.DateField(
        label=_("Count date"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    source = forms.CharField(label=_("Source"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nationality, _label in Nationality.choices:
            for sex, _s in Sex.choices:
                for age, _a in AgeGroup.choices:
                    self.fields[cell_name(nationality, sex, age)] = forms.IntegerField(
                        min_value=0, max_value=100_000, required=False
                    )

    def grid(self) -> list[tuple[str, list]]:
        """Rows of (nationality label, [bound fields in the header's order]) for the template."""
        return [
            (
                label,
                [
                    self[cell_name(nationality, sex, age)]
                    for sex, _s in Sex.choices
                    for age, _a in AgeGroup.choices
                ],
            )
            for nationality, label in Nationality.choices
        ]

    @staticmethod
    def header() -> list[str]:
        return [f"{s} {a}" for _v, s in Sex.choices for _w, a in AgeGroup.choices]

    def cells(self) -> dict:
        return {
            (nationality, sex, age): self.cleaned_data.get(cell_name(nationality, sex, age)) or 0
            for nationality, _l in Nationality.choices
            for sex, _s in Sex.choices
            for age, _a in AgeGroup.choices
        }
