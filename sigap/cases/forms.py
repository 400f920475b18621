"""Forms. Free text is accepted as typed (it is escaped on output and stored encrypted); limits
give a message that says what to change, never a silent cut."""

import copy
from collections.abc import MutableMapping
from functools import cache

from django import forms
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from sigap.cases import choices as c
from sigap.cases import prepared, uploads
from sigap.cases.indicators import indicator_choices
from sigap.people.models import Organisation, OrgType
from sigap.regions.models import Level
from sigap.regions.search import search_areas

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

    area_choices: list = []

    def selected_area(self):
        """The area already picked (or prefilled), shown checked above any new choices."""
        code = self.data.get("area") if self.is_bound else self.initial.get("area")
        return prepared.reportable_area(code) if code else None

    def _clean_fields(self):
        """Django's loop (``BaseForm._clean_fields``) without a ``BoundField`` per field: making
        one evaluates the field's translated label and help text, and this form is checked on
        every report but shown again only when something is wrong. A plain value of a plain
        field is taken at once (``_quick_clean``); anything else goes through the field."""
        peek = getattr(self.fields, "peek", self.fields.__getitem__)
        data, cleaned = self.data, self.cleaned_data
        for name in self.fields:
            field = peek(name)
            if not self.prefix and name not in _hooked(type(self)):
                value = _quick_clean(field, data, name)
                if value is not _SLOW:
                    cleaned[name] = value
                    continue
            initial = self.get_initial_for_field(field, name) if field.disabled else None
            html_name = self.add_prefix(name)
            value = initial if field.disabled else self._widget_data_value(field.widget, html_name)
            try:
                if isinstance(field, forms.FileField):
                    value = field.clean(value, self.get_initial_for_field(field, name))
                else:
                    value = field.clean(value)
                self.cleaned_data[name] = value
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except forms.ValidationError as error:
                self.add_error(name, error)

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future; give the day it happened."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("area"):
            # Whether the picked code is a kecamatan or kelurahan is checked when the report is
            # stored, in the same statement (prepared.insert_report); if not, area_refused.
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


_SLOW = object()
_TEXT_WIDGETS = {forms.TextInput, forms.Textarea, forms.HiddenInput}
_CHOICE_WIDGETS = {forms.Select, forms.RadioSelect}
_MANY_WIDGETS = {forms.SelectMultiple, forms.CheckboxSelectMultiple}


def _quick_kind(field) -> str | None:
    """Which look ``_quick_clean`` may take for a field of this class with this widget:
    "text", "choice" or "many" for Django's own classes (behind ``_QuickCopy``), else None."""
    if not isinstance(field, _QuickCopy):
        return None
    django_class, widget = type(field).__mro__[2], type(field.widget)
    if django_class is forms.CharField and widget in _TEXT_WIDGETS:
        return "text"
    if django_class is forms.ChoiceField and widget in _CHOICE_WIDGETS:
        return "choice"
    if django_class is forms.MultipleChoiceField and widget in _MANY_WIDGETS:
        return "many"
    return None


_KINDS: dict[tuple, str | None] = {}


def _posted(data, name: str):
    """What a text or choice widget reads from the posted data (``data.get(name)``)."""
    if isinstance(data, MultiValueDict):  # its values are lists; the last one counts
        values = dict.get(data, name)
        return values[-1] if values else None
    return data.get(name)


@cache
def _hooked(form_class) -> frozenset:
    """The fields with a ``clean_<name>`` method on this form class."""
    return frozenset(n[6:] for n in dir(form_class) if n.startswith("clean_"))


def _quick_clean(field, data, name: str):
    """``field.clean`` of the posted value, for the common case that needs only a look: a text
    within its limit, a listed choice, listed choices, or nothing where nothing is required.
    Anything else (an error, a missing required value, a disabled field, validators other
    than the field's own) returns ``_SLOW``, and the field's own ``clean`` decides and words
    the message. What it returns equals what ``clean`` returns."""
    key = (type(field), type(field.widget))
    kind = _KINDS.get(key, _SLOW)
    if kind is _SLOW:
        kind = _KINDS[key] = _quick_kind(field)
    if kind is None or field.disabled:
        return _SLOW
    if kind == "text":
        # CharField's own validators: the maximum length, if any, and no NUL character.
        if field.min_length is not None or len(field.validators) != 1 + (
            field.max_length is not None
        ):
            return _SLOW
        value = _posted(data, name)
        if type(value) is not str:
            return field.empty_value if value is None and not field.required else _SLOW
        if field.strip:
            value = value.strip()
        if not value:
            return _SLOW if field.required else field.empty_value
        limit = field.max_length
        return value if (limit is None or len(value) <= limit) and "\x00" not in value else _SLOW
    if field.validators:
        return _SLOW
    if kind == "choice":
        value = _posted(data, name)
        if value is None or value == "":
            return _SLOW if field.required else ""
        return value if type(value) is str and field.valid_value(value) else _SLOW
    values = dict.get(data, name, ()) if isinstance(data, MultiValueDict) else _SLOW
    if values is _SLOW or not values:
        return _SLOW if values is _SLOW or field.required else []
    for value in values:
        if type(value) is not str or not field.valid_value(value):
            return _SLOW
    return list(values)


def _fresh(obj):
    """A shallow copy, without ``copy.copy``'s generic (and slow) reduce protocol."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


class _QuickCopy:
    """Django copies every field of a form for each form instance, deep-copying and
    re-normalising the choice lists each time: most of the cost of building the public form.
    This copy gives each instance its own field, widget, widget attributes, error messages and
    validators, as Django's does, and shares only the choice lists, which are module constants
    that nothing changes in place (assigning ``field.choices`` replaces them on the copy)."""

    def __deepcopy__(self, memo):
        result = _fresh(self)
        memo[id(self)] = result
        result.widget = _fresh(self.widget)
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result

    def valid_value(self, value):
        """A choice field's check in one set lookup instead of a walk through every choice
        (about 200 countries); the set is made again when a form replaces the choices."""
        choices = self.choices
        if not isinstance(choices, list):
            return super().valid_value(value)
        if getattr(self, "_keys_of", None) is not choices:
            self._keys, self._keys_of = _choice_keys(choices), choices
        return str(value) in self._keys


def _choice_keys(choices) -> frozenset:
    keys = set()
    for key, label in choices:
        if isinstance(label, list | tuple):  # a group of choices
            keys.update(str(k) for k, _label in label)
        else:
            keys.add(str(key))
    return frozenset(keys)


def _quick_copies(form_class):
    """Give the form's fields the quick copy (the anonymous form is built on every request)."""
    for field in form_class.base_fields.values():
        if not isinstance(field, _QuickCopy) and not hasattr(field.widget, "widgets"):
            field.__class__ = type(f"Quick{type(field).__name__}", (_QuickCopy, type(field)), {})
        if isinstance(field, forms.ChoiceField):
            field.valid_value("")  # the copies share the set of keys with the declared field
    form_class.base_fields = _DeclaredFields(form_class.base_fields)
    return form_class


class _DeclaredFields(dict):
    """``base_fields`` whose copy for each form (``BaseForm.__init__`` deep-copies them) is a
    ``_FieldCopies``."""

    def __deepcopy__(self, memo):
        return _FieldCopies(self)


class _FieldCopies(MutableMapping):
    """A form's ``fields`` that copies each declared field the first time the form looks it up,
    instead of all of them when the form is made. Checking a posted report only reads its
    fields (``peek``: the form's copy if it has one, else the declared field, which checking
    never changes), so a report that is stored needs no copy at all; a form that is shown gets
    a copy of every field, as usual."""

    def __init__(self, declared: dict):
        self.declared, self.copies, self.order = declared, {}, list(declared)

    def peek(self, name: str):
        return self.copies.get(name) or self.declared[name]

    def __getitem__(self, name: str):
        if name not in self.copies:
            if name not in self.order:
                raise KeyError(name)
            self.copies[name] = copy.deepcopy(self.declared[name])
        return self.copies[name]

    def __setitem__(self, name: str, field):
        if name not in self.order:
            self.order.append(name)
        self.copies[name] = field

    def __delitem__(self, name: str):
        self.order.remove(name)
        self.copies.pop(name, None)

    def __iter__(self):
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)

    def __contains__(self, name) -> bool:
        return name in self.order


_quick_copies(ReportForm)


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
