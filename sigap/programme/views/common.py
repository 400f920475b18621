"""What the programme pages share: the one form page, and the areas a member works in."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.people import access
from sigap.programme import submissions
from sigap.programme.models import Attendance
from sigap.regions.models import Area


def form_page(request, form, save, *, title, submit, back, multipart=False, intro="", draft=None):
    """The page of a form that runs one action.

    On a valid POST ``save(cleaned_data)`` runs; the response it returns is sent. A
    ValidationError it raises becomes the form's message and the form is shown again, as it is
    when ``save`` returns None. With ``draft`` (an ``outbox.Draft``) the form is one a phone
    may send from its outbox: a replay, a reused id and a stale edit get their own answers."""
    if draft is not None and (answer := draft.earlier()) is not None:
        return answer
    if request.method == "POST" and form.is_valid():
        try:
            response = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except submissions.Replay as replay:
            return draft.answer_replay(replay)
        except submissions.Stale as stale:
            return draft.answer_stale(stale, form)
        else:
            if response is not None:
                return draft.stored(response) if draft is not None else response
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back": back,
        "multipart": multipart,
        "intro": intro,
        "outbox": draft.context() if draft is not None else None,
    }
    return render(request, "programme/form.html", context)


def my_areas(user, programme, permission):
    """The areas inside ``programme``'s area where ``user`` holds ``permission``."""
    codes = [
        c
        for c in access.scopes(user, permission)
        if c == programme.area_id or c.startswith(programme.area_id + ".")
    ]
    return list(Area.objects.filter(code__in=codes).order_by("code"))


def participants_of(event):
    return event.participants.select_related("area").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.order_by("day"))
    )


def record_form(request, form, action, *, record, field, url_name, title, multipart=False):
    """A form on a record's page (programme, event) that runs one action on the record, passed
    as ``field``, and goes back to the record's page ``url_name``."""

    def save(data):
        action(actor=request.user, **{field: record}, **data)
        return redirect(url_name, record.pk)

    return form_page(
        request,
        form,
        save,
        title=title,
        submit=_("Save"),
        back=reverse(url_name, args=[record.pk]),
        multipart=multipart,
    )
