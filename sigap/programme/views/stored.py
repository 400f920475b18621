"""What the outbox's 409 pages show of a stored record: its fields for "already sent with
other content", and field by field beside the posted values for an edit of an older version."""

from django import forms
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.people.audit import audit_personal_read
from sigap.programme import visibility
from sigap.programme.models import (
    AUDIENCE_FIELDS,
    ConditionReport,
    Indicator,
    Outreach,
    Participant,
    Submission,
)


def location(record) -> str:
    if isinstance(record, ConditionReport):
        return reverse("programme:report", args=[record.pk])
    if isinstance(record, Outreach):
        return reverse("programme:outreach_edit", args=[record.pk])
    return reverse("programme:mine")


def rows(user, first: Submission) -> dict:
    """The record ``first`` stored, as (label, value) rows, if ``user`` may still see it."""
    record = _record(user, first)
    if record is None:
        return {"rows": [], "record_url": first.location}
    if isinstance(record, ConditionReport):
        found = _condition_rows(record)
    elif isinstance(record, Outreach):
        found = _outreach_rows(record)
    elif first.kind == Submission.Kind.REGISTRATION:
        audit_personal_read(actor=user, obj=record.event, reason="registration (outbox)")
        found = [(_("No."), record.number), (_("Name"), record.name)]
    else:
        found = [(_("Event"), record.title), (_("Days"), record.days)]
    return {"rows": found, "record_url": first.location}


def _record(user, first: Submission):
    if first.object_id is None:
        return None
    kind, pk = first.kind, first.object_id
    if kind == Submission.Kind.CONDITION:
        return visibility.reports_visible_to(user).filter(pk=pk).first()
    if kind == Submission.Kind.OUTREACH:
        return visibility.outreach_visible_to(user).filter(pk=pk).first()
    if kind == Submission.Kind.ATTENDANCE:
        return visibility.events_visible_to(user).filter(pk=pk).first()
    participant = Participant.objects.filter(pk=pk).select_related("event").first()
    if participant and visibility.events_visible_to(user).filter(pk=participant.event_id).exists():
        return participant
    return None


def _condition_rows(report: ConditionReport) -> list:
    found = [
        (_("Kelurahan"), report.area.display_name),
        (_("Period"), date_format(report.period_start, "F Y")),
    ]
    values = report.values.select_related("indicator").order_by("indicator__order")
    return found + [(v.indicator.label, _shown(v.value)) for v in values]


def _outreach_rows(item: Outreach) -> list:
    return [
        (_("Date"), date_format(item.held_on)),
        (_("Kelurahan"), item.area.display_name),
        (_("Place"), item.get_venue_type_display()),
        (_("People reached"), item.audience),
        (_("Notes"), item.notes),
    ]


def initial(record) -> dict:
    """The record as its form's initial data."""
    if isinstance(record, ConditionReport):
        data = {"period": record.period_start.isoformat(), "area": record.area_id}
        for v in record.values.select_related("indicator"):
            data[f"i{v.indicator_id}"] = _form_value(v)
        return data
    if isinstance(record, Outreach):
        names = ["held_on", "venue_type", "topics", "notes", *AUDIENCE_FIELDS]
        data = {name: getattr(record, name) for name in names}
        data["area"] = record.area_id
        return data
    return {}


def _form_value(value):
    if value.indicator.kind == Indicator.Kind.YES_NO:
        return None if value.flag is None else ("yes" if value.flag else "no")
    return value.value


def compare(form, posted, current: dict) -> list[dict]:
    """Field by field: label, the posted value, the stored one, and whether they differ."""
    found = []
    for field in form.visible_fields():
        if isinstance(field.field, forms.FileField):
            continue
        theirs = _display(field.field, posted.getlist(field.name))
        value = current.get(field.name)
        ours = _display(field.field, value if isinstance(value, list) else [value])
        found.append(
            {"label": field.label, "theirs": theirs, "ours": ours, "changed": theirs != ours}
        )
    return found


def _display(field, values) -> str:
    labels = dict(getattr(field, "choices", []) or [])
    shown = [str(labels.get(str(v), v)) for v in values if v is not None and str(v).strip() != ""]
    return ", ".join(shown)


def _shown(value) -> str:
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return "" if value is None else str(value)
