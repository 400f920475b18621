"""An event's pages: the event, its participants, attendance, tests, minutes, speakers,
materials, follow-ups, the printed attendance sheet and the participant exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.people import access
from sigap.people.audit import audit_personal_read
from sigap.programme import actions, exports, forms, submissions, uploads, visibility
from sigap.programme.models import EventKind, FollowUp, Material, Submission, Voter
from sigap.programme.views import outbox
from sigap.programme.views.common import form_page, participants_of, record_form


def event_create(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.EventForm(request.POST or None, actor=request.user)

    def save(data):
        event = actions.event_create(actor=request.user, programme=programme, **data)
        return redirect("programme:event", event.pk)

    return form_page(
        request,
        form,
        save,
        title=_("New event"),
        submit=_("Create event"),
        back=reverse("programme:detail", args=[pk]),
    )


def event_detail(request, pk):
    event = visibility.access_event(request.user, pk)
    participants = list(participants_of(event))
    audit_personal_read(actor=request.user, obj=event, reason="participant list")
    scored = event.participants.exclude(pre_score=None).exclude(post_score=None)
    averages = scored.aggregate(pre=Avg("pre_score"), post=Avg("post_score"))
    return render(
        request,
        "programme/event.html",
        {
            "event": event,
            "manage": visibility.can_manage(request.user, event.area_id),
            "participants": participants,
            "attended": {
                d: sum(d in {a.day for a in p.attendance.all()} for p in participants)
                for d in event.day_numbers
            },
            "averages": averages,
            "gain": (averages["post"] - averages["pre"]) if averages["pre"] is not None else None,
            **_kind_parts(event),
        },
    )


def _kind_parts(event) -> dict:
    """What belongs to the event's kind: tests and selection to a sosialisasi, pelatihan or
    diskusi; stakeholders, their commitments and pacts to a rakor or audiensi."""
    parts = {
        "has_tests": event.kind in (EventKind.SOSIALISASI, EventKind.PELATIHAN),
        "has_selection": event.kind in (EventKind.SOSIALISASI, EventKind.DISKUSI),
        "has_stakeholders": event.kind in (EventKind.RAKOR, EventKind.AUDIENSI),
    }
    if parts["has_stakeholders"]:
        parts["stakeholder_attendance"] = event.stakeholders.select_related("stakeholder")
        parts["commitments"] = event.commitments.select_related("stakeholder")
    return parts


def _event_form(request, event, form, action, *, title, multipart=False):
    return record_form(
        request,
        form,
        action,
        record=event,
        field="event",
        url_name="programme:event",
        title=title,
        multipart=multipart,
    )


def _managed(request, pk):
    return visibility.access_event(request.user, pk, manage=True)


def participant_add(request, pk):
    event = _managed(request, pk)
    initial = {"at_door": request.GET.get("pintu") == "1"}
    form = forms.ParticipantForm(request.POST or None, actor=request.user, initial=initial)
    title = _("Registration at %(event)s") % {"event": event.title}
    draft = outbox.Draft(request, Submission.Kind.REGISTRATION, title=title)

    def save(data):
        participant = draft.run(
            lambda: actions.participant_register(actor=request.user, event=event, **data),
            location=lambda _p: _after_registration(request, pk),
            message=lambda p: _("Participant no. %(n)d registered.") % {"n": p.number},
        )
        messages.success(
            request, _("Participant no. %(n)d registered.") % {"n": participant.number}
        )
        voter = Voter.objects.filter(participant=participant).first()
        if voter is not None:  # registered after the participants' vote opened
            messages.info(
                request,
                _("Their personal voting code: %(code)s. Write it on a slip for them only.")
                % {"code": voter.code},
            )
        return redirect(_after_registration(request, pk))

    return form_page(
        request,
        form,
        save,
        title=_("Register a participant"),
        submit=_("Register"),
        back=reverse("programme:event", args=[pk]),
        draft=draft,
    )


def _after_registration(request, pk) -> str:
    if "again" in request.POST:
        return reverse("programme:participant_add", args=[pk]) + "?" + request.GET.urlencode()
    return reverse("programme:event", args=[pk])


def attendance(request, pk):
    event = _managed(request, pk)
    title = _("Attendance at %(event)s") % {"event": event.title}
    draft = outbox.Draft(request, Submission.Kind.ATTENDANCE, title=title)
    if (answer := draft.earlier()) is not None:
        return answer
    error = None
    if request.method == "POST":
        try:
            _attendance_save(request, event, draft)
            messages.success(request, _("Attendance saved."))
            return draft.stored(redirect("programme:event", pk))
        except submissions.Replay as replay:
            return draft.answer_replay(replay)
        except ValidationError as e:
            error = e.messages[0]
    participants = list(participants_of(event))
    marks = {p.pk: {a.day for a in p.attendance.all()} for p in participants}
    audit_personal_read(actor=request.user, obj=event, reason="attendance")
    return render(
        request,
        "programme/attendance.html",
        {
            "event": event,
            "participants": participants,
            "marks": marks,
            "error": error,
            "outbox": draft.context(),
        },
        status=400 if error else 200,
    )


def _attendance_save(request, event, draft) -> None:
    marks = forms.parse_attendance(request.POST, event)

    def mark():
        actions.attendance_set(actor=request.user, event=event, marks=marks)
        return event

    draft.run(
        mark,
        location=lambda _e: reverse("programme:event", args=[event.pk]),
        message=_("Attendance saved."),
    )


def scores(request, pk):
    event = _managed(request, pk)
    participants = list(event.participants.all())
    error = None
    if request.method == "POST":
        try:
            actions.scores_record(
                actor=request.user,
                event=event,
                scores=forms.parse_scores(request.POST, participants),
            )
            messages.success(request, _("Test scores saved."))
            return redirect("programme:event", pk)
        except ValidationError as e:
            error = e.messages[0]
    typed = request.POST if error else None
    rows = [
        (
            p,
            typed.get(f"pre_{p.pk}", "") if typed else p.pre_score,
            typed.get(f"post_{p.pk}", "") if typed else p.post_score,
        )
        for p in participants
    ]
    return render(
        request,
        "programme/scores.html",
        {"event": event, "rows": rows, "error": error},
        status=400 if error else 200,
    )


def notes(request, pk):
    event = _managed(request, pk)
    form = forms.NotesForm(request.POST or None, instance=event)
    title = _("Agenda and minutes")
    return _event_form(request, event, form, actions.event_notes_update, title=title)


def speaker_add(request, pk):
    event = _managed(request, pk)
    form = forms.SpeakerForm(request.POST or None)
    title = _("Add a speaker (narasumber)")
    return _event_form(request, event, form, actions.speaker_add, title=title)


def material_add(request, pk):
    event = _managed(request, pk)
    form = forms.MaterialForm(request.POST or None, request.FILES or None)

    def save(data):
        actions.material_add(
            actor=request.user, event=event, title=data["title"], upload=data["file"]
        )
        return redirect("programme:event", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Upload material"),
        submit=_("Upload"),
        back=reverse("programme:event", args=[pk]),
        multipart=True,
    )


def material_download(request, pk):
    material = Material.objects.filter(pk=pk).select_related("event").first()
    if material is None:
        raise Http404
    visibility.access_event(request.user, material.event_id)
    return uploads.download(material.file, material.content_type, f"materi-{material.pk}")


def follow_up_add(request, pk):
    event = _managed(request, pk)
    form = forms.FollowUpForm(request.POST or None)
    title = _("Add a follow-up action")
    return _event_form(request, event, form, actions.follow_up_add, title=title)


@require_POST
def follow_up_done(request, pk):
    item = FollowUp.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    event = _managed(request, item.event_id)
    actions.follow_up_done(actor=request.user, item=item, done_on=timezone.localdate())
    return redirect("programme:event", event.pk)


def attendance_sheet(request, pk):
    event = _managed(request, pk)
    audit_personal_read(actor=request.user, obj=event, reason="attendance sheet")
    blank = max(0, 25 - event.participants.count())
    return render(
        request,
        "programme/attendance_sheet.html",
        {
            "event": event,
            "participants": event.participants.all(),
            "blank": range(blank),
        },
    )


def _export(request, pk):
    event = _managed(request, pk)
    audit_personal_read(actor=request.user, obj=event, reason="participant export")
    with_phone = access.can(request.user, "personal.view", event.area_id)
    return event, exports.participant_table(event, participants_of(event), with_phone=with_phone)


def participants_xlsx(request, pk):
    event, (header, rows) = _export(request, pk)
    response = HttpResponse(
        exports.to_xlsx(_("Participants"), header, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="peserta-{event.pk}.xlsx"'
    return response


def participants_csv(request, pk):
    event, (header, rows) = _export(request, pk)
    response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peserta-{event.pk}.csv"'
    return response
