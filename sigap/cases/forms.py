"""Forms. Free text is accepted as typed (it is escaped on output and stored encrypted); limits
give a message that says what to change, never a silent cut."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases import choices as c
from sigap.cases import uploads
from sigap.cases.indicators import indicator_choices
from sigap.people.models import Organisation, OrgType
from sigap.regions.models import Area, Level
from sigap.regions.search import search_areas

AREA_CODE = re.compile(r"\d{2}(\.\d{2}){0,2}(\.\d{4})?")

SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")
MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files; each is type-checked by its bytes and cleaned of metadata."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most 5 files."))
        cleaned = []
        for upload in files:
            try:
                cleaned.append(uploads.clean(upload))
            except uploads.UploadRejected as error:
                raise forms.ValidationError(str(error))
        return cleaned


def _text(label, max_length, required=False, rows=3, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        **kwargs,
    )


class ReportForm(forms.Form):
    """The public, anonymous report: everything optional except what happened and where."""

    area_query = forms.CharField(
        label=_("Where did it happen? Type the kelurahan, desa or kecamatan"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-area-search": "1"}),
    )
    area = forms.CharField(required=False, widget=forms.HiddenInput)
    place = _text(_("Place (optional): a street, building or landmark"), 300, rows=0)
    what = _text(
        _("What happened?"),
        5000,
        required=True,
        rows=5,
        help_text=_("Tell it in your own words: who offered what, to whom, where they were taken."),
    )
    happened_on = forms.DateField(
        label=_("When (about)?"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    people_count = forms.IntegerField(
        label=_("How many people are at risk?"), required=False, min_value=1, max_value=5000
    )
    people_ages = _text(_("Their ages, if you know (e.g. 17, 20)"), 60, rows=0)
    people_sex = forms.ChoiceField(
        label=_("Are they"), choices=c.PeopleSex.choices, initial=c.PeopleSex.UNKNOWN
    )
    relation = forms.ChoiceField(
        label=_("Who are they to you?"),
        choices=[("", "—")] + list(c.Relation.choices),
        required=False,
    )
    suspect = _text(_("The recruiter or suspect: name, company or description"), 1000)
    suspect_identifiers = _text(
        _("Their phone numbers, WhatsApp, Telegram, Facebook, TikTok accounts or links"),
        1000,
        help_text=_("One per line if you have several. Example: 0812-3456-7890, t.me/agen_kerja"),
    )
    recruitment_apps = forms.MultipleChoiceField(
        label=_("Where was the offer made?"),
        choices=c.RecruitmentApp.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    destination_country = forms.ChoiceField(
        label=_("Destination country"),
        choices=[("", "—")] + list(c.Country.choices),
        required=False,
    )
    destination_city = _text(_("Destination city (optional)"), 100, rows=0)
    indicators = forms.MultipleChoiceField(
        label=_("Tick what is true"),
        choices=indicator_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = AttachmentsField(
        label=_("Photos or PDF (optional, up to 5 files of 5 MB)"),
        help_text=_("Location and camera details are removed from photos before they are kept."),
    )
    contact = _text(
        _("How can we reach you? (optional)"),
        200,
        rows=0,
        help_text=_("Leave empty to stay anonymous. You can follow your report with the code."),
    )
    # The draft's submission id (a random UUID set when the form is shown, or by the phone's
    # outbox): the same draft posted again files no second report (actions.report_submit).
    submission_id = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    def clean_submission_id(self) -> str:
        value = self.cleaned_data["submission_id"]
        return value if SUBMISSION_ID.fullmatch(value) else ""

    area_choices: list = []

    def selected_area(self):
        """The area already picked (or prefilled), shown checked above any new choices."""
        code = self.data.get("area") if self.is_bound else self.initial.get("area")
        # Posted text, not yet cleaned: only something shaped like a code reaches the database
        # (PostgreSQL refuses a NUL byte with an error, not an empty result).
        if not code or not AREA_CODE.fullmatch(str(code)):
            return None
        return Area.objects.filter(code=code, level__gte=Level.DISTRICT).defer("geometry").first()

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future; give the day it happened."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("area"):
            # Whether the picked code is a kecamatan or kelurahan is checked when the report is
            # stored (actions.report_submit); if not, area_refused.
            return data
        found = self._search_area(data.get("area_query", ""))
        if found is not None:
            data["area"] = found.code
        return data

    def area_refused(self):
        """The picked code is no kecamatan or kelurahan: ask again, with the typed name's
        matches to choose from."""
        self.cleaned_data.pop("area", None)
        self._search_area(self.cleaned_data.get("area_query", ""))

    def _search_area(self, query: str):
        """The one kecamatan or kelurahan matching the typed name, else None (and a message)."""
        self.area_choices = search_areas(query, limit=8) if query else []
        self.area_choices = [m for m in self.area_choices if m.level >= Level.DISTRICT]
        if len(self.area_choices) == 1:
            return self.area_choices[0]
        message = (
            _("Choose your area from the list below.")
            if self.area_choices
            else _("Type the name of your kelurahan, desa or kecamatan, e.g. “Terjun”.")
        )
        self.add_error("area_query", message)
        return None

    def report_data(self) -> dict:
        """The report's fields; the area as its code (``area_id``)."""
        data = self.cleaned_data
        names = [
            "place", "what", "happened_on", "people_count", "people_ages", "people_sex",
            "relation", "suspect", "suspect_identifiers", "recruitment_apps",
            "destination_country", "destination_city", "indicators", "contact",
        ]  # fmt: skip
        return {"area_id": data["area"]} | {name: data[name] for name in names if name in data}


class SignedReportForm(ReportForm):
    channel = forms.ChoiceField(label=_("How did the report come in?"), choices=c.Channel.choices)
    field_order = ["channel"]


class TriageForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=c.TraffickingStatus.choices)
    note = _text(_("Why (optional)"), 1000)


class MergeForm(forms.Form):
    case = forms.IntegerField(label=_("Case number"), min_value=1)


class MessageForm(forms.Form):
    body = _text(_("Message"), 2000, required=True)


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    body = _text(_("Write a message to the handler (optional)"), 2000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=c.CaseStatus.choices)
    reason = _text(_("Reason (needed to close)"), 1000)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Case worker"), queryset=None)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers


class VictimForm(forms.Form):
    first_name = _text(_("First name"), 100, required=True, rows=0)
    second_name = _text(_("Last name"), 100, rows=0)
    nik = forms.RegexField(
        label=_("NIK"),
        regex=r"^\d{16}$",
        required=False,
        error_messages={"invalid": _("A NIK has exactly 16 digits.")},
    )
    phone = _text(_("Phone"), 40, rows=0)
    address = _text(_("Address"), 300, rows=0)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    gender = forms.ChoiceField(label=_("Gender"), choices=c.Gender.choices)
    citizenship = forms.CharField(label=_("Citizenship (ISO code)"), max_length=2, initial="ID")

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return year

    def clean_citizenship(self):
        code = self.cleaned_data["citizenship"].upper()
        if not code.isalpha() or len(code) != 2:
            raise forms.ValidationError(_("Use a two-letter country code such as ID or MY."))
        return code


class PerpetratorForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=c.PerpetratorRole.choices)
    name = _text(_("Name or alias"), 200, rows=0)
    identifiers = _text(_("Contacts and accounts"), 1000)


class EventForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=c.EventStage.choices)
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", "—")] + list(c.Country.choices), required=False
    )
    place = _text(_("Place"), 300, rows=0)
    happened_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CaseDetailsForm(forms.Form):
    exploitation_types = forms.MultipleChoiceField(
        label=_("Types of exploitation"),
        choices=c.ExploitationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    methods_of_control = forms.MultipleChoiceField(
        label=_("Methods of control"),
        choices=c.MethodOfControl.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recruitment_methods = forms.MultipleChoiceField(
        label=_("How they were recruited"),
        choices=c.MethodOfRecruitment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TaskForm(forms.Form):
    title = _text(_("Task"), 300, required=True, rows=0)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NoteForm(forms.Form):
    body = _text(_("Note"), 5000, required=True)


class AttachmentForm(forms.Form):
    files = AttachmentsField(label=_("Photos or PDF"), required=True)


class ConsentForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=None)
    given_by = forms.ChoiceField(label=_("Consent given by"), choices=c.ConsentGiver.choices)
    guardian_name = _text(_("Name of the parent or guardian"), 200, rows=0)
    for_services = forms.BooleanField(label=_("Agrees to receive services"), required=False)
    for_disclosure = forms.BooleanField(
        label=_("Agrees that their record is shared with the agencies we refer to"),
        required=False,
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.all() if case else None
        self.fields["victim"].label_from_instance = lambda v: v.alias
        self.fields["victim"].empty_label = None  # consent is always someone's: no blank choice


class ConsentWithdrawForm(forms.Form):
    consent = forms.ModelChoiceField(label=_("Consent that is withdrawn"), queryset=None)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        field.queryset = (
            case.consents.filter(withdrawn_at__isnull=True).select_related("victim")
            if case
            else None
        )
        field.label_from_instance = lambda k: f"{k.victim.alias} · {k.get_given_by_display()}"
        field.empty_label = None


REFERRAL_ORG_TYPES = [
    OrgType.POLRI_PPA, OrgType.UPTD_PPA, OrgType.DINSOS, OrgType.DISNAKER, OrgType.LPSK,
    OrgType.IOM, OrgType.UNHCR, OrgType.NGO, OrgType.LPA,
]  # fmt: skip


class ReferralForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    service = forms.ChoiceField(label=_("Service"), choices=c.ServiceKind.choices)
    deadline = forms.DateField(
        label=_("Answer by (a working day; empty = 3 working days)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    details = _text(_("What the agency needs to know"), 2000)
    override_reason = _text(_("Reason for referring without consent (coordinators only)"), 300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            is_active=True, type__in=REFERRAL_ORG_TYPES
        )


class ReasonForm(forms.Form):
    reason = _text(_("Reason"), 300)


class CompleteForm(forms.Form):
    delivered_on = forms.DateField(
        label=_("Delivered on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = _text(_("Note (optional)"), 1000)


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=c.ServiceKind.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Organisation.objects.filter(is_active=True), required=False
    )
    planned_on = forms.DateField(
        label=_("Planned for"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StatsForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    level = forms.TypedChoiceField(
        label=_("Group by"),
        coerce=int,
        choices=[(Level.DISTRICT, _("Kecamatan")), (Level.VILLAGE, _("Kelurahan / desa"))],
        initial=Level.DISTRICT,
        required=False,
    )
