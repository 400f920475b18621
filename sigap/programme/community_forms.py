"""Forms of the participatory selection and of the community's stakeholders."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sigap.programme.forms import DATE, ActorForm, AreaField, PhoneField
from sigap.programme.models import Stakeholder

CODE = forms.TextInput(
    attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
)


class PollOpenForm(forms.Form):
    rubric_weight = forms.IntegerField(
        label=_("Weight of the rubric in the result (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        help_text=_("The rest comes from the participants' votes. 50 gives both the same weight."),
    )


class VoterForm(forms.Form):
    """The two codes a participant types on their phone."""

    event_code = forms.CharField(label=_("Event code"), max_length=20, widget=CODE)
    personal_code = forms.CharField(
        label=_("Your personal code"),
        max_length=20,
        widget=CODE,
        help_text=_("Printed next to your name on the attendance list."),
    )


class PaperTallyForm(forms.Form):
    """Who voted on paper (participant numbers) and the votes each candidate received."""

    voters = forms.CharField(
        label=_("Numbers of the participants who voted on paper"),
        max_length=2000,
        help_text=_("As on the attendance list, separated by commas or spaces, e.g. 3, 7, 12."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for n in self.candidates:
            self.fields[f"n{n.pk}"] = forms.IntegerField(
                label=f"{n.participant.number}. {n.participant.name}",
                min_value=0,
                max_value=100_000,
                initial=n.paper_votes,
            )

    def clean_voters(self):
        parts = self.cleaned_data["voters"].replace(",", " ").split()
        if not all(p.isdigit() and len(p) <= 6 for p in parts):
            raise ValidationError(_("Write only participant numbers, e.g. 3, 7, 12."))
        return sorted({int(p) for p in parts})

    def counts(self) -> dict[int, int]:
        return {n.pk: self.cleaned_data[f"n{n.pk}"] for n in self.candidates}


class StakeholderForm(ActorForm):
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Stakeholder.Kind.choices)
    role = forms.CharField(
        label=_("Role in the community"),
        max_length=200,
        required=False,
        help_text=_("e.g. “narasumber”, “signs the pakta”, “member of the komunitas”."),
    )
    area = AreaField(label=_("Area"))
    representative = forms.CharField(label=_("Representative"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = PhoneField(label=_("Phone"))
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean_area(self):
        return self._clean_area("area")


class StakeholderAttendanceForm(forms.Form):
    """Which stakeholders came to a rakor or audiensi, and who came for them."""

    def __init__(self, *args, stakeholders, present, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholders = list(stakeholders)
        for s in self.stakeholders:
            self.fields[f"s{s.pk}"] = forms.BooleanField(
                label=f"{s.organisation} ({s.get_kind_display()})",
                required=False,
                initial=s.pk in present,
            )
            self.fields[f"by{s.pk}"] = forms.CharField(
                label=_("Represented by"),
                max_length=200,
                required=False,
                initial=present.get(s.pk, ""),
            )

    def present(self) -> dict[int, str]:
        return {
            s.pk: self.cleaned_data[f"by{s.pk}"]
            for s in self.stakeholders
            if self.cleaned_data[f"s{s.pk}"]
        }


class StakeholderCommitmentForm(forms.Form):
    stakeholder = forms.ModelChoiceField(label=_("Stakeholder"), queryset=None)
    text = forms.CharField(label=_("Commitment"), max_length=300)
    due_on = forms.DateField(label=_("Due date"), widget=DATE, required=False)

    def __init__(self, *args, stakeholders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = stakeholders
