"""The forms of the HTCDS pages: the case page's HTCDS panel, the case transfer and the import."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases import choices as c
from sigap.regions.models import Area

MAX_UPLOAD = 20 * 1024 * 1024  # 10,000 rows of the transfer profile take about 3 MB


def _choice(label, choices):
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False)


def _multi(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _long(label, max_length=2000):
    return forms.CharField(
        label=label, max_length=max_length, required=False, widget=forms.Textarea({"rows": 2})
    )


class HtcdsDetailsForm(forms.Form):
    """HTCDS core fields of a case that no other panel of the case page holds."""

    status_decided_by = _choice(_("Who decided the trafficking status"), c.DecisionOrg.choices)
    recruitment_area = forms.CharField(
        label=_("Where they were recruited: area code (in Indonesia)"),
        required=False,
        max_length=13,
        help_text=_("A Kemendagri code such as 12.71.12.1003 (kelurahan) or 12.71 (city)."),
    )
    recruitment_country = _choice(_("… or country (abroad)"), c.Country.choices)
    exploitation_area = forms.CharField(
        label=_("Where they were exploited: area code (in Indonesia)"),
        required=False,
        max_length=13,
    )
    exploitation_country = _choice(_("… or country (abroad)"), c.Country.choices)
    forced_labour_industry = _choice(
        _("Industry of the forced labour"), c.ForcedLabourIndustry.choices
    )
    sex_exploitation_types = _multi(_("Type of sexual exploitation"), c.SexExploitationType.choices)
    vulnerabilities = _multi(_("Vulnerabilities"), c.Vulnerability.choices)
    vulnerability_details = _long(_("Details of the vulnerabilities"))
    referred_in_by = forms.CharField(
        label=_("Referred to us by (organisation)"), max_length=200, required=False
    )
    referred_in_on = forms.DateField(
        label=_("Date of that referral"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    referred_in_reason = _choice(_("Reason for that referral"), c.ReferralReason.choices)
    referred_in_details = _long(_("Details of that referral"))
    outgoing_reason = _choice(
        _("Reason for our first referral to an agency"), c.ReferralReason.choices
    )

    @staticmethod
    def initial_for(case) -> dict:
        first = case.referrals.order_by("created_at", "pk").first()
        names = [n for n in HtcdsDetailsForm.base_fields if n != "outgoing_reason"]
        initial = {name: getattr(case, name) for name in names}
        initial["recruitment_area"] = case.recruitment_area_id or ""
        initial["exploitation_area"] = case.exploitation_area_id or ""
        initial["outgoing_reason"] = first.reason if first else ""
        return initial

    def _area(self, name):
        code = self.cleaned_data[name].strip()
        if not code:
            return None
        area = Area.objects.filter(code=code).first()
        if area is None:
            raise forms.ValidationError(
                _("%(code)s is not a Kemendagri area code SIGAP knows.") % {"code": code}
            )
        return area

    def clean_recruitment_area(self):
        return self._area("recruitment_area")

    def clean_exploitation_area(self):
        return self._area("exploitation_area")

    def clean_referred_in_on(self):
        day = self.cleaned_data["referred_in_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class TransferForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases to send"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    agency = forms.CharField(label=_("Receiving agency"), max_length=200)
    password = forms.CharField(
        label=_("Password for the file"),
        required=False,
        min_length=16,
        max_length=200,
        help_text=_(
            "Tell it to the agency by another channel (a phone call), never in the e-mail "
            "that carries the file."
        ),
    )
    recipient = forms.CharField(
        label=_("… or the agency's age public key (age1…)"), required=False, max_length=200
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda case: case.reference

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("recipient"):
            raise forms.ValidationError(
                _("Give a password for the file, or the agency's public key.")
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("HTCDS 2.0 file (.csv in UTF-8, .xlsx, or a SIGAP transfer .zip)")
    )
    password = forms.CharField(
        label=_("Password (for an encrypted .zip)"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput,
    )
    area = forms.ModelChoiceField(label=_("Area the cases belong to"), queryset=None)
    source = forms.CharField(label=_("Sending agency"), max_length=200)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda area: area.display_name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than 20 MB. Split it into smaller files.")
            )
        return upload


class CommitForm(forms.Form):
    import_duplicates = forms.BooleanField(
        label=_("Also import the rows that would duplicate a victim (not recommended)"),
        required=False,
    )
