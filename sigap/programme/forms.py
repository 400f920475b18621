"""Forms of the programme pages. Every message is a full sentence saying what to do; a form that
fails keeps what was typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sigap.lib.phones import normalize_phone
from sigap.people import access
from sigap.people.forms import resolve_area
from sigap.people.models import Organisation, User
from sigap.programme import uploads
from sigap.programme.models import (
    Commitment,
    CommunityRole,
    Event,
    EventKind,
    Indicator,
    Member,
    Programme,
    Sex,
    Speaker,
    Topic,
    VenueType,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_NUMBER = 1_000_000


def organisations_for(user):
    """Organisations a coordinator can name as lead, partner or organiser."""
    return Organisation.objects.filter(access.area_q(user, "programme.manage")).order_by("name")


class PhoneField(forms.CharField):
    """A phone number as people write it (0812-3456-7890, +62 812…), kept as E.164."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel"}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        number = normalize_phone(value)
        if number is None:
            raise ValidationError(
                _(
                    "This is not a phone number we can use. Write it as 0812-3456-7890 or "
                    "+62 812 3456 7890."
                )
            )
        return number


class AreaField(forms.CharField):
    """An area typed as a name or a code, resolved among the areas the user manages."""

    def __init__(self, *args, permission="programme.manage", **kwargs):
        self.permission = permission
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault(
            "help_text", _("A name (e.g. “Terjun” or “Medan Marelan”) or a code (12.71.12.1003).")
        )
        super().__init__(*args, **kwargs)


class ActorForm(forms.Form):
    """A form that knows who fills it, so that area fields resolve within their scope."""

    def __init__(self, *args, actor=None, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)

    def _clean_area(self, name):
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        return resolve_area(text, self.actor, self.fields[name].permission)


class ProgrammeForm(ActorForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    lead = forms.ModelChoiceField(label=_("Lead organisation"), queryset=Organisation.objects)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area = AreaField(label=_("Area of the programme"))
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Laws, regulations and decrees the programme rests on."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE, initial=timezone.localdate)
    report_period = forms.TypedChoiceField(
        label=_("Condition report period"), choices=Programme.Period.choices, coerce=int
    )
    report_due_days = forms.IntegerField(
        label=_("Days to file after the period ends"), min_value=0, max_value=60, initial=10
    )
    reports_start = forms.DateField(
        label=_("Condition reports start"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty if this programme asks for no condition reports."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = organisations_for(self.actor)
        self.fields["lead"].queryset = orgs
        self.fields["partners"].queryset = orgs

    def clean_area(self):
        return self._clean_area("area")


class UploadField(forms.FileField):
    """A PDF or photo through the upload pipeline: cleaned to a ``CleanFile`` (type from its
    bytes, no metadata), or refused with a message."""

    def __init__(self, *args, images_only=False, **kwargs):
        self.images_only = images_only
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return uploads.check_upload(upload, images_only=self.images_only) if upload else None


class LetterForm(forms.Form):
    number = forms.CharField(label=_("Letter number"), max_length=120)
    dated = forms.DateField(label=_("Date"), widget=DATE)
    issuer = forms.CharField(label=_("Issued by"), max_length=200)
    title = forms.CharField(label=_("Subject"), max_length=300, required=False)
    scan = UploadField(
        label=_("Scan of the signed letter (optional)"),
        help_text=_("PDF, JPEG, PNG or WebP, at most 5 MB."),
        required=False,
    )


class PhaseForm(ActorForm):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("e.g. “Pilot”."))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    areas = forms.CharField(
        label=_("Target areas"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One kecamatan or kelurahan per line, by name or code."),
    )

    def clean_areas(self):
        lines = [line.strip() for line in self.cleaned_data["areas"].splitlines()]
        areas, errors = [], []
        for line in filter(None, lines):
            try:
                areas.append(resolve_area(line, self.actor, "programme.manage"))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        if not areas:
            raise ValidationError(_("Enter at least one target area."))
        return list({a.code: a for a in areas}.values())


class EventForm(ActorForm):
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    area = AreaField(label=_("Area"))
    venue = forms.CharField(label=_("Venue"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    days = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=14, initial=1)
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        queryset=Organisation.objects,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    test_max = forms.IntegerField(
        label=_("Highest test score"), min_value=1, max_value=1000, initial=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = organisations_for(self.actor)

    def clean_area(self):
        return self._clean_area("area")


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "kind", "position", "organisation", "topic"]


class NotesForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["agenda", "minutes"]


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = UploadField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or WebP, at most 5 MB."),
    )


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Follow-up action"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)


class ParticipantForm(ActorForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    position = forms.CharField(label=_("Position / occupation"), max_length=200, required=False)
    organisation = forms.CharField(
        label=_("Organisation / community"), max_length=200, required=False
    )
    area = AreaField(label=_("Home kelurahan"), required=False)
    phone = PhoneField(label=_("Phone"))
    at_door = forms.BooleanField(label=_("Registered at the door"), required=False)

    def clean_area(self):
        return self._clean_area("area")


def parse_attendance(data, event: Event) -> dict[int, set[int]]:
    """``day1``…``dayN`` checkbox lists of participant ids, as the attendance grid posts them."""
    marks = {}
    for day in event.day_numbers:
        try:
            marks[day] = {int(v) for v in data.getlist(f"day{day}")}
        except ValueError:
            raise ValidationError(
                _(
                    "The attendance list holds something that is not a participant. Reload the "
                    "page and try again."
                )
            )
    return marks


def parse_scores(data, participants) -> dict[int, tuple[int | None, int | None]]:
    """``pre_<id>`` and ``post_<id>`` fields; empty means not taken."""
    scores = {}
    for p in participants:
        pair = []
        for prefix in ("pre", "post"):
            raw = (data.get(f"{prefix}_{p.pk}") or "").strip()
            if not raw:
                pair.append(None)
                continue
            if not raw.isdigit():
                raise ValidationError(
                    _(
                        "“%(value)s” (participant no. %(number)s) is not a score. Enter a whole "
                        "number, or leave the box empty."
                    ),
                    params={"value": raw[:20], "number": p.number},
                )
            pair.append(int(raw))
        scores[p.pk] = tuple(pair)
    return scores


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=5)


class NominateForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    role = forms.ChoiceField(label=_("Nominate as"), choices=CommunityRole.choices)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = event.participants.filter(nomination__isnull=True)
        self.fields["participant"].label_from_instance = lambda p: f"{p.number}. {p.name}"


class RubricScoreForm(forms.Form):
    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.name} (0–{c.max_score})", min_value=0, max_value=c.max_score
            )

    def values(self) -> dict[int, int]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items()}


class DecisionForm(ActorForm):
    DECISIONS = [("selected", _("Selected")), ("not_selected", _("Not selected"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    area = AreaField(
        label=_("Serves in"),
        required=False,
        help_text=_("The kelurahan or kecamatan; empty means the participant's home kelurahan."),
    )
    term_starts = forms.DateField(label=_("Term starts"), widget=DATE, required=False)
    term_ends = forms.DateField(label=_("Term ends"), widget=DATE, required=False)
    appointment_letter = forms.CharField(
        label=_("Appointment letter (SK) number"), max_length=120, required=False
    )
    username = forms.RegexField(
        label=_("Create an account with username"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        required=False,
        help_text=_(
            "Optional: letters, digits and . @ + - _ (e.g. duta.ani). A first password "
            "is shown once."
        ),
        error_messages={"invalid": _("A username may hold only letters, digits and . @ + - _.")},
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if username and User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                _("The username “%(username)s” is already taken. Choose another."),
                params={"username": username},
            )
        return username

    def clean_area(self):
        return self._clean_area("area")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "selected" and not data.get("appointment_letter"):
            self.add_error(
                "appointment_letter",
                _("Enter the number of the appointment letter (SK) for a selected candidate."),
            )
        return data


class MemberForm(ActorForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    role = forms.ChoiceField(label=_("Role"), choices=CommunityRole.choices)
    area = AreaField(label=_("Serves in"))
    phone = PhoneField(label=_("Phone"))
    term_starts = forms.DateField(label=_("Term starts"), widget=DATE, initial=timezone.localdate)
    term_ends = forms.DateField(label=_("Term ends"), widget=DATE, required=False)
    appointment_letter = forms.CharField(label=_("Appointment letter (SK) number"), max_length=120)
    username = DecisionForm.base_fields["username"]
    clean_username = DecisionForm.clean_username

    def clean_area(self):
        return self._clean_area("area")


class MemberUpdateForm(forms.ModelForm):
    """Correct a member's name, sex or phone; change their status or term."""

    phone = PhoneField(label=_("Phone"))

    class Meta:
        model = Member
        fields = ["name", "sex", "phone", "status", "term_ends", "appointment_letter"]
        widgets = {"term_ends": DATE, "sex": forms.RadioSelect}


class OutreachForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    area = forms.ChoiceField(label=_("Kelurahan"))
    venue_type = forms.ChoiceField(
        label=_("Place"), choices=VenueType.choices, widget=forms.RadioSelect
    )
    children_f = forms.IntegerField(label=_("Girls (under 18)"), min_value=0, initial=0)
    children_m = forms.IntegerField(label=_("Boys (under 18)"), min_value=0, initial=0)
    youth_f = forms.IntegerField(label=_("Young women (18–24)"), min_value=0, initial=0)
    youth_m = forms.IntegerField(label=_("Young men (18–24)"), min_value=0, initial=0)
    adults_f = forms.IntegerField(label=_("Women (25+)"), min_value=0, initial=0)
    adults_m = forms.IntegerField(label=_("Men (25+)"), min_value=0, initial=0)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
    photo = UploadField(label=_("Photo (optional)"), required=False, images_only=True)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.code, a.display_name) for a in areas]
        for name in self.audience_fields:
            self.fields[name].max_value = MAX_NUMBER
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "max": MAX_NUMBER})

    audience_fields = ("children_f", "children_m", "youth_f", "youth_m", "adults_f", "adults_m")

    def clean(self):
        data = super().clean()
        if all(name in data for name in self.audience_fields) and not any(
            data[name] for name in self.audience_fields
        ):
            raise ValidationError(_("Enter how many people took part (at least one)."))
        return data


class PactForm(ActorForm):
    area = AreaField(label=_("Kelurahan"))
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signatories = forms.CharField(
        label=_("Signatories"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name; position; organisation."),
    )
    commitments = forms.MultipleChoiceField(
        label=_("Commitments"),
        choices=[c for c in Commitment.Kind.choices if c[0] != Commitment.Kind.OTHER],
        widget=forms.CheckboxSelectMultiple,
        initial=[
            Commitment.Kind.VOLUNTEERS,
            Commitment.Kind.MONITORING,
            Commitment.Kind.CONDITIONS,
        ],
        required=False,
    )
    volunteers_target = forms.IntegerField(
        label=_("How many volunteers the kelurahan commits to form"),
        min_value=1,
        max_value=1000,
        required=False,
    )
    other_commitments = forms.CharField(
        label=_("Other commitments"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One per line."),
    )
    document = UploadField(
        label=_("Scanned document"),
        required=False,
        help_text=_("PDF, JPEG, PNG or WebP, at most 5 MB."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_area(self):
        return self._clean_area("area")

    def clean_signatories(self):
        rows = []
        for line in self.cleaned_data["signatories"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise ValidationError(
                    _(
                        "Write each signatory as “name; position; organisation”, one per line "
                        "(the organisation may be left out). Check: “%(line)s”."
                    ),
                    params={"line": line.strip()[:80]},
                )
            rows.append(
                (parts[0][:200], parts[1][:200], (parts[2] if len(parts) > 2 else "")[:200])
            )
        if not rows:
            raise ValidationError(_("Enter at least one signatory."))
        return rows

    def commitment_rows(self, labels) -> list[tuple[str, str, int | None]]:
        data = self.cleaned_data
        rows = [
            (kind, labels[kind], data["volunteers_target"] if kind == "volunteers" else None)
            for kind in data["commitments"]
        ]
        for line in data["other_commitments"].splitlines():
            if line.strip():
                rows.append((Commitment.Kind.OTHER, line.strip()[:300], None))
        return rows


class IndicatorForm(forms.Form):
    label = forms.CharField(label=_("Question"), max_length=200)
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        help_text=_("A short name for exports and early warning, e.g. “recruiters_seen”."),
    )
    kind = forms.ChoiceField(label=_("Answer type"), choices=Indicator.Kind.choices)


class IndicatorEditForm(IndicatorForm):
    """Wording and order always; key and answer type only while nothing has answered it."""

    order = forms.IntegerField(label=_("Position in the form"), min_value=1, max_value=999)
    field_order = ["label", "order", "key", "kind"]

    def __init__(self, *args, answered: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if answered:
            for name in ("key", "kind"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Already answered in reports, so it cannot change.")


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class ConditionForm(forms.Form):
    """The period, the kelurahan and one typed field per indicator of the programme."""

    def __init__(self, *args, indicators, periods, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.fields["period"] = forms.ChoiceField(
            label=_("Period"),
            choices=[(p.isoformat(), date_format(p, "F Y")) for p in periods],
        )
        self.fields["area"] = forms.ChoiceField(
            label=_("Kelurahan"), choices=[(a.code, a.display_name) for a in areas]
        )
        for indicator in self.indicators:
            self.fields[f"i{indicator.pk}"] = self._field(indicator)

    @staticmethod
    def _field(indicator):
        if indicator.kind == Indicator.Kind.NUMBER:
            return forms.IntegerField(
                label=indicator.label,
                min_value=0,
                max_value=MAX_NUMBER,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        if indicator.kind == Indicator.Kind.YES_NO:
            return forms.TypedChoiceField(
                label=indicator.label, choices=YES_NO, coerce=lambda v: v == "yes"
            )
        return forms.CharField(
            label=indicator.label,
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def values(self) -> dict:
        return {i.pk: self.cleaned_data[f"i{i.pk}"] for i in self.indicators}
