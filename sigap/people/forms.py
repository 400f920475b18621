"""Forms for sign-in, the account page and people management. Messages are full sentences that
say what to do; every string goes through gettext (Indonesian by default)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.people import access
from sigap.people.models import Organisation, OrgType, Role, User
from sigap.regions.models import Area

AREA_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
ROLE_CHOICES_FOR_COORDINATORS = [(v, label) for v, label in Role.choices if v != Role.ADMIN]


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits shown in your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "autofocus": True,
            }
        ),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]


class TokenForm(forms.Form):
    EXPIRY = [
        ("", _("Never")),
        ("30", _("After 30 days")),
        ("90", _("After 90 days")),
        ("365", _("After one year")),
    ]
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “report export script”."),
    )
    expires_in = forms.ChoiceField(label=_("Expires"), choices=EXPIRY, required=False)


def resolve_area(text: str, actor, permission: str = "people.manage") -> Area:
    """The one area that ``text`` (a code or a name) names among those ``actor`` manages.

    Raises ValidationError with a message that says what to do. Names are compared without
    spaces or punctuation ("Ketawang Gede" = Ketawanggede); the forgiving search of
    ``sigap.regions.search`` is used when that gives nothing.
    """
    text = (text or "").strip()
    in_scope = access.areas_visible_to(actor, permission)
    if AREA_CODE.match(text):
        area = in_scope.filter(code=text).first()
        if area is None:
            raise forms.ValidationError(
                _(
                    "There is no area with code %(code)s that you manage. Check the code, or "
                    "type the area's name."
                ),
                params={"code": text},
                code="unknown_area",
            )
        return area
    matches = _areas_named(text, in_scope, access.scopes(actor, permission))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise forms.ValidationError(
            _(
                "No area named “%(name)s” was found among the areas you manage. Check the "
                "spelling, or enter the area code (e.g. 12.71.12.1003)."
            ),
            params={"name": text},
            code="unknown_area",
        )
    names = ", ".join(f"{a.display_name} ({a.code})" for a in matches[:5])
    raise forms.ValidationError(
        _("Several areas match “%(name)s”: %(names)s. Enter the code of the one you mean."),
        params={"name": text, "names": names},
        code="ambiguous_area",
    )


def _areas_named(text: str, in_scope, scope: list[str]) -> list[Area]:
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    if not key:
        return []
    exact = list(in_scope.filter(search_key=key)[:6])
    if exact:
        return exact
    try:  # the forgiving search; without it, names must match exactly
        from sigap.regions.search import search_areas
    except ImportError:
        return []
    found = search_areas(text, scope=scope, limit=6)
    # The clear winner is the answer; equally good matches are for the person to choose.
    best = [m.code for m in found if found and m.score >= found[0].score]
    return list(in_scope.filter(code__in=best or [m.code for m in found]))


class AreaField(forms.CharField):
    """A text box taking an area code or name; cleans to an Area the form's actor manages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Area"))
        kwargs.setdefault(
            "help_text", _("The area code (e.g. 12.71.12.1003) or the area's name (e.g. Terjun).")
        )
        super().__init__(*args, **kwargs)
        self.actor = None

    def prepare_value(self, value):
        return value.code if isinstance(value, Area) else value

    def clean(self, value):
        value = super().clean(value)
        return resolve_area(value, self.actor) if value else None


class ScopedForm(forms.Form):
    """A form whose choices depend on what ``actor`` manages (``people.manage``)."""

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        for field in self.fields.values():
            if isinstance(field, AreaField):
                field.actor = actor
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                access.area_q(actor, "people.manage"), is_active=True
            )
        if "role" in self.fields and not actor.is_superuser:
            # Only administrators of the whole system may make administrators.
            self.fields["role"].choices = ROLE_CHOICES_FOR_COORDINATORS


class MembershipForm(ScopedForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    area = AreaField()
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        help_text=_("Leave empty when the role has no end date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class UserCreateForm(MembershipForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . _ - only, e.g. duta_terjun_2."),
        widget=forms.TextInput(attrs={"autocapitalize": "none"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "area",
        "ends_on",
    ]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[A-Za-z0-9._-]{3,150}", username):
            raise forms.ValidationError(
                _(
                    "A username has at least 3 characters: letters, digits, dots, hyphens or "
                    "underscores, without spaces."
                )
            )
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("This username is already taken. Choose another one, e.g. by adding a number.")
            )
        return username


class OrganisationForm(ScopedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=OrgType.choices)
    area = AreaField()
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Office phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, instance: Organisation | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    f: getattr(instance, f)
                    for f in ["name", "type", "email", "phone", "address", "is_active"]
                }
                | {"area": instance.area_id},
            )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        name, area = data.get("name"), data.get("area")
        if name and area:
            taken = Organisation.objects.filter(name__iexact=name.strip(), area=area)
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "name",
                    _(
                        "An organisation with this name already exists in this area. Use the "
                        "existing one, or give this one a more specific name."
                    ),
                )
        return data


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"), required=False, help_text=_("E.g. login.failure, membership.grant.")
    )
    area = forms.CharField(label=_("Area code"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    actor = forms.CharField(label=_("Done by (username)"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_area(self):
        code = self.cleaned_data["area"].strip()
        if code and not AREA_CODE.match(code):
            raise forms.ValidationError(
                _("An area code looks like 12.71 or 12.71.12.1003. Check the code and try again.")
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date. Swap them."))
        return data
