"""Programme pages. Each view: parse → authorise (``visibility``/``access``) → one action or query
→ render. Missing and forbidden give the same 404."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.people import access
from sigap.people.audit import audit_personal_read
from sigap.programme import actions, exports, forms, stats, visibility
from sigap.programme.models import (
    Attendance,
    ConditionReport,
    FollowUp,
    Indicator,
    Material,
    Member,
    Nomination,
    Outreach,
    ReferenceLetter,
)
from sigap.regions.maps import svg_map
from sigap.regions.models import Area, Level


def _form_page(request, form, *, title, submit, back, multipart=False, intro=""):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back": back,
        "multipart": multipart,
        "intro": intro,
    }
    return render(request, "programme/form.html", context)


def _try(form, action, **kwargs):
    """Run an action; a ValidationError it raises becomes the form's message. None on failure."""
    try:
        return action(**kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def programme_home_links(user) -> list[tuple[str, str]]:
    """Links for the home page: programmes for coordinators, "my area" for community members."""
    links = []
    if visibility.programmes_visible_to(user).exists():
        links.append((_("Programmes"), reverse("programme:index")))
    if access.scopes(user, "programme.participate"):
        links.append((_("My area"), reverse("programme:mine")))
    return links


# Programmes -----------------------------------------------------------------------------------


def index(request):
    programmes = visibility.programmes_visible_to(request.user).select_related("lead", "area")
    return render(
        request,
        "programme/index.html",
        {
            "programmes": programmes,
            "can_create": bool(access.scopes(request.user, "programme.manage")),
            "is_community": bool(access.scopes(request.user, "programme.participate")),
        },
    )


def programme_create(request):
    if not access.scopes(request.user, "programme.manage"):
        raise Http404
    form = forms.ProgrammeForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        programme = _try(form, actions.programme_create, actor=request.user, **form.cleaned_data)
        if programme:
            return redirect("programme:detail", programme.pk)
    return _form_page(
        request,
        form,
        title=_("New programme"),
        submit=_("Create programme"),
        back=reverse("programme:index"),
    )


def programme_detail(request, pk):
    programme = visibility.access_programme(request.user, pk)
    events = visibility.events_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "programme/programme.html",
        {
            "programme": programme,
            "manage": visibility.can_manage(request.user, programme.area_id),
            "phases": programme.phases.prefetch_related("targets__area"),
            "events": events.select_related("area").annotate(n=Count("participants")),
            "criteria": programme.criteria.all(),
            "indicators": programme.indicators.all(),
        },
    )


def letter_add(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actions.letter_add(actor=request.user, programme=programme, **form.cleaned_data)
        return redirect("programme:detail", programme.pk)
    return _form_page(
        request,
        form,
        title=_("Add a reference letter"),
        submit=_("Save"),
        back=reverse("programme:detail", args=[pk]),
        multipart=True,
    )


def letter_download(request, pk):
    letter = ReferenceLetter.objects.filter(pk=pk).exclude(scan="").first()
    if letter is None:
        raise Http404
    visibility.access_programme(request.user, letter.programme_id)
    return FileResponse(letter.scan.open("rb"), content_type=letter.scan_type)


def phase_create(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.PhaseForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        if _try(
            form, actions.phase_create, actor=request.user, programme=programme, **form.cleaned_data
        ):
            return redirect("programme:detail", programme.pk)
    return _form_page(
        request,
        form,
        title=_("Add a rollout phase"),
        submit=_("Save"),
        back=reverse("programme:detail", args=[pk]),
    )


def criterion_add(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.criterion_add(actor=request.user, programme=programme, **form.cleaned_data)
        return redirect("programme:detail", programme.pk)
    return _form_page(
        request,
        form,
        title=_("Add a selection criterion"),
        submit=_("Save"),
        back=reverse("programme:detail", args=[pk]),
    )


def indicator_add(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _try(
            form,
            actions.indicator_add,
            actor=request.user,
            programme=programme,
            **form.cleaned_data,
        ):
            return redirect("programme:detail", programme.pk)
    return _form_page(
        request,
        form,
        title=_("Add a condition report question"),
        submit=_("Save"),
        back=reverse("programme:detail", args=[pk]),
    )


def indicator_edit(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("programme"), pk=pk)
    programme = visibility.access_programme(request.user, indicator.programme_id, manage=True)
    initial = {"label": indicator.label, "order": indicator.order, "key": indicator.key,
               "kind": indicator.kind}  # fmt: skip
    form = forms.IndicatorEditForm(
        request.POST or None, initial=initial, answered=indicator.values.exists()
    )
    if request.method == "POST" and form.is_valid():
        if _try(form, actions.indicator_update, actor=request.user, indicator=indicator,
                **form.cleaned_data):  # fmt: skip
            return redirect("programme:detail", programme.pk)
    return _form_page(
        request,
        form,
        title=_("Edit a condition report question"),
        submit=_("Save"),
        back=reverse("programme:detail", args=[programme.pk]),
    )


def coverage(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    phases = stats.coverage(programme, timezone.localdate())
    reached = {row.area.code for phase in phases for row in phase.rows if row.reached}
    codes = [row.area.code for phase in phases for row in phase.rows]
    shapes = (
        Area.objects.filter(code__in=codes)
        .exclude(geometry="")
        .only("code", "name", "level", "geometry")
    )
    return render(
        request,
        "programme/coverage.html",
        {
            "programme": programme,
            "phases": phases,
            "map": svg_map(shapes, reached),
        },
    )


# Events ---------------------------------------------------------------------------------------


def event_create(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.EventForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        event = _try(
            form, actions.event_create, actor=request.user, programme=programme, **form.cleaned_data
        )
        if event:
            return redirect("programme:event", event.pk)
    return _form_page(
        request,
        form,
        title=_("New event"),
        submit=_("Create event"),
        back=reverse("programme:detail", args=[pk]),
    )


def _participants(event):
    return event.participants.select_related("area").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.order_by("day"))
    )


def event_detail(request, pk):
    event = visibility.access_event(request.user, pk)
    participants = list(_participants(event))
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
        },
    )


def participant_add(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    initial = {"at_door": request.GET.get("pintu") == "1"}
    form = forms.ParticipantForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        participant = actions.participant_register(
            actor=request.user, event=event, **form.cleaned_data
        )
        messages.success(
            request, _("Participant no. %(n)d registered.") % {"n": participant.number}
        )
        if "again" in request.POST:
            return redirect(
                reverse("programme:participant_add", args=[pk]) + "?" + request.GET.urlencode()
            )
        return redirect("programme:event", pk)
    return _form_page(
        request,
        form,
        title=_("Register a participant"),
        submit=_("Register"),
        back=reverse("programme:event", args=[pk]),
    )


def attendance(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    participants = list(_participants(event))
    error = None
    if request.method == "POST":
        try:
            actions.attendance_set(
                actor=request.user, event=event, marks=forms.parse_attendance(request.POST, event)
            )
            messages.success(request, _("Attendance saved."))
            return redirect("programme:event", pk)
        except ValidationError as e:
            error = e.messages[0]
    marks = {p.pk: {a.day for a in p.attendance.all()} for p in participants}
    return render(
        request,
        "programme/attendance.html",
        {
            "event": event,
            "participants": participants,
            "marks": marks,
            "error": error,
        },
        status=400 if error else 200,
    )


def scores(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
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
    event = visibility.access_event(request.user, pk, manage=True)
    form = forms.NotesForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        actions.event_notes_update(actor=request.user, event=event, **form.cleaned_data)
        return redirect("programme:event", pk)
    return _form_page(
        request,
        form,
        title=_("Agenda and minutes"),
        submit=_("Save"),
        back=reverse("programme:event", args=[pk]),
    )


def speaker_add(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    form = forms.SpeakerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.speaker_add(actor=request.user, event=event, **form.cleaned_data)
        return redirect("programme:event", pk)
    return _form_page(
        request,
        form,
        title=_("Add a speaker (narasumber)"),
        submit=_("Save"),
        back=reverse("programme:event", args=[pk]),
    )


def material_add(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    form = forms.MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        actions.material_add(
            actor=request.user,
            event=event,
            title=form.cleaned_data["title"],
            upload=upload,
            content_type=upload.sniffed_type,
        )
        return redirect("programme:event", pk)
    return _form_page(
        request,
        form,
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
    return FileResponse(material.file.open("rb"), content_type=material.content_type)


def follow_up_add(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    form = forms.FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.follow_up_add(actor=request.user, event=event, **form.cleaned_data)
        return redirect("programme:event", pk)
    return _form_page(
        request,
        form,
        title=_("Add a follow-up action"),
        submit=_("Save"),
        back=reverse("programme:event", args=[pk]),
    )


@require_POST
def follow_up_done(request, pk):
    item = FollowUp.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    event = visibility.access_event(request.user, item.event_id, manage=True)
    actions.follow_up_done(actor=request.user, item=item, done_on=timezone.localdate())
    return redirect("programme:event", event.pk)


def attendance_sheet(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
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
    event = visibility.access_event(request.user, pk, manage=True)
    audit_personal_read(actor=request.user, obj=event, reason="participant export")
    with_phone = access.can(request.user, "personal.view", event.area_id)
    return event, exports.participant_table(event, _participants(event), with_phone=with_phone)


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


# Selection and registry -----------------------------------------------------------------------


def selection(request, pk):
    event = visibility.access_event(request.user, pk, manage=True)
    form = forms.NominateForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        actions.nomination_create(actor=request.user, **form.cleaned_data)
        return redirect("programme:selection", pk)
    audit_personal_read(actor=request.user, obj=event, reason="selection")
    nominations = (
        Nomination.objects.filter(participant__event=event)
        .select_related("participant")
        .prefetch_related("scores")
    )
    criteria = list(event.programme.criteria.all())
    return render(
        request,
        "programme/selection.html",
        {
            "event": event,
            "form": form,
            "criteria": criteria,
            "rows": [
                (
                    n,
                    {s.criterion_id: s.value for s in n.scores.all()},
                    sum(s.value for s in n.scores.all()),
                )
                for n in nominations
            ],
        },
    )


def nomination(request, pk):
    item = Nomination.objects.filter(pk=pk).select_related("participant").first()
    if item is None:
        raise Http404
    event = visibility.access_event(request.user, item.participant.event_id, manage=True)
    criteria = list(event.programme.criteria.all())
    existing = {f"c{s.criterion_id}": s.value for s in item.scores.all()}
    post = request.POST if request.method == "POST" else None
    score_form = forms.RubricScoreForm(
        post if "score" in (post or {}) else None, criteria=criteria, initial=existing
    )
    decision = forms.DecisionForm(post if "decide" in (post or {}) else None, actor=request.user)
    if score_form.is_bound and score_form.is_valid():
        try:
            actions.nomination_score(
                actor=request.user, nomination=item, values=score_form.values()
            )
            return redirect("programme:selection", event.pk)
        except ValidationError as error:
            score_form.add_error(None, error)
    if decision.is_bound and decision.is_valid():
        done = _decide(request, decision, item)
        if done is not None:
            return done
    return render(
        request,
        "programme/nomination.html",
        {
            "event": event,
            "nomination": item,
            "score_form": score_form,
            "decision": decision,
        },
    )


def _decide(request, form, item):
    data = form.cleaned_data
    result = _try(
        form,
        actions.nomination_decide,
        actor=request.user,
        nomination=item,
        selected=data["decision"] == "selected",
        reason=data["reason"],
        area=data["area"],
        term_starts=data["term_starts"],
        term_ends=data["term_ends"],
        appointment_letter=data["appointment_letter"],
        username=data["username"],
    )
    if result is None:
        return None
    member, password = result
    if password:
        return render(
            request,
            "programme/account_created.html",
            {"member": member, "password": password, "event": item.participant.event},
        )
    return redirect("programme:selection", item.participant.event_id)


def members(request, pk):
    programme = visibility.access_programme(request.user, pk)
    rows = visibility.members_visible_to(request.user).filter(programme=programme)
    audit_personal_read(actor=request.user, obj=programme, reason="member registry")
    return render(
        request,
        "programme/members.html",
        {
            "programme": programme,
            "members": rows.select_related("area"),
            "manage": visibility.can_manage(request.user, programme.area_id),
        },
    )


def member_add(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.MemberForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        result = _try(
            form,
            actions.member_register,
            actor=request.user,
            programme=programme,
            **form.cleaned_data,
        )
        if result and result[1]:
            return render(
                request,
                "programme/account_created.html",
                {"member": result[0], "password": result[1]},
            )
        if result:
            return redirect("programme:members", pk)
    return _form_page(
        request,
        form,
        title=_("Add a community member"),
        submit=_("Save"),
        back=reverse("programme:members", args=[pk]),
    )


def member_edit(request, pk):
    member = visibility.members_visible_to(request.user).filter(pk=pk).first()
    if member is None or not visibility.can_manage(request.user, member.area_id):
        raise Http404
    form = forms.MemberUpdateForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        actions.member_update(actor=request.user, member=member, **form.cleaned_data)
        return redirect("programme:members", member.programme_id)
    return _form_page(
        request,
        form,
        title=member.name,
        submit=_("Save"),
        back=reverse("programme:members", args=[member.programme_id]),
    )


# Outreach -------------------------------------------------------------------------------------


def _my_areas(user, programme, permission):
    codes = [
        c
        for c in access.scopes(user, permission)
        if c == programme.area_id or c.startswith(programme.area_id + ".")
    ]
    return list(Area.objects.filter(code__in=codes).order_by("code"))


def outreach_log(request, pk):
    programme = visibility.access_programme(request.user, pk)
    areas = _my_areas(request.user, programme, "programme.participate")
    if not areas:
        raise Http404
    form = forms.OutreachForm(request.POST or None, request.FILES or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        area = next(a for a in areas if a.code == data.pop("area"))
        member = Member.objects.active().filter(user=request.user, programme=programme).first()
        actions.outreach_log(
            actor=request.user, programme=programme, area=area, member=member, **data
        )
        messages.success(request, _("Thank you. Your outreach session has been recorded."))
        return redirect("programme:mine")
    return _form_page(
        request,
        form,
        title=_("Log an outreach session"),
        submit=_("Save"),
        back=reverse("programme:mine"),
        multipart=True,
    )


def reach(request, pk):
    programme = visibility.access_programme(request.user, pk)
    outreach = visibility.outreach_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "programme/reach.html",
        {
            "programme": programme,
            "totals": stats.reach_totals(outreach),
            "kecamatan": stats.reach_by_area(outreach, Level.DISTRICT),
            "kelurahan": stats.reach_by_area(outreach, Level.VILLAGE),
            "members": stats.reach_by_member(outreach),
            "recent": outreach.select_related("area", "member")[:20],
        },
    )


def outreach_photo(request, pk):
    item = visibility.outreach_visible_to(request.user).filter(pk=pk).first()
    if item is None or not item.photo:
        raise Http404
    return FileResponse(item.photo.open("rb"))


# Pacts ----------------------------------------------------------------------------------------


def pacts(request, pk):
    programme = visibility.access_programme(request.user, pk)
    today = timezone.localdate()
    rows = (
        visibility.pacts_visible_to(request.user)
        .filter(programme=programme)
        .select_related("area", "programme")
        .prefetch_related("commitments", "signatories")
    )
    return render(
        request,
        "programme/pacts.html",
        {
            "programme": programme,
            "manage": visibility.can_manage(request.user, programme.area_id),
            "rows": [(pact, stats.pact_fulfilment(pact, today)) for pact in rows],
        },
    )


COMMITMENT_LABELS = {
    "volunteers": "Membentuk relawan di tingkat kelurahan",
    "monitoring": "Melakukan monitoring di wilayah kelurahan",
    "conditions": "Melaporkan kondisi yang ada di wilayah kelurahan setiap periode",
}


def pact_create(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.PactForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pact = _try(
            form,
            actions.pact_record,
            actor=request.user,
            programme=programme,
            area=data["area"],
            signed_on=data["signed_on"],
            signatories=data["signatories"],
            document=data["document"],
            commitments=form.commitment_rows(COMMITMENT_LABELS),
            notes=data["notes"],
        )
        if pact:
            messages.success(
                request,
                _("The pact of %(area)s has been recorded.") % {"area": pact.area.display_name},
            )
            return redirect("programme:pacts", pk)
    return _form_page(
        request,
        form,
        title=_("Record a Pakta Integritas"),
        submit=_("Save"),
        back=reverse("programme:pacts", args=[pk]),
        multipart=True,
    )


def pact_detail(request, pk):
    pact = visibility.access_pact(request.user, pk)
    return render(
        request,
        "programme/pact.html",
        {
            "pact": pact,
            "fulfilment": stats.pact_fulfilment(pact, timezone.localdate()),
            "signatories": pact.signatories.all(),
        },
    )


def pact_document(request, pk):
    pact = visibility.access_pact(request.user, pk)
    if not pact.document:
        raise Http404
    return FileResponse(pact.document.open("rb"))


# Condition reports ----------------------------------------------------------------------------


def conditions(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    try:
        last = min(max(int(request.GET.get("periode", 6)), 1), 36)
    except ValueError:
        last = 6
    reports = visibility.reports_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "programme/conditions.html",
        {
            "programme": programme,
            "rows": _gap_rows(stats.report_gaps(programme, timezone.localdate(), last=last)),
            "last": last,
            # One reverse() for hundreds of rows; the area code is appended in the template.
            "history_base": reverse("programme:area_history", args=[programme.pk, "0"])[:-2],
            "awaiting": reports.filter(status=ConditionReport.Status.FILED).select_related("area"),
        },
    )


def _gap_rows(gaps):
    """Kelurahan with their missing and late periods, months formatted once each."""
    months: dict = {}

    def month(day):
        if day not in months:
            months[day] = date_format(day, "M Y")
        return months[day]

    return [
        (
            row,
            [month(p) for p in row.missing],
            [(month(p), date_format(filed, "j M")) for p, filed in row.late],
        )
        for row in stats.gaps_by_area(gaps)
    ]


def condition_file(request, pk):
    programme = visibility.access_programme(request.user, pk)
    areas = list(Area.objects.filter(code__in=visibility.filing_areas(request.user, programme)))
    open_periods = stats.open_periods(programme, timezone.localdate())
    if not areas or not open_periods:
        raise Http404
    form = forms.ConditionForm(
        request.POST or None,
        indicators=programme.indicators.all(),
        periods=open_periods,
        areas=areas,
    )
    if request.method == "POST" and form.is_valid():
        area = next(a for a in areas if a.code == form.cleaned_data["area"])
        report = _try(
            form,
            actions.condition_file,
            actor=request.user,
            programme=programme,
            area=area,
            values=form.values(),
            period_start=date.fromisoformat(form.cleaned_data["period"]),
        )
        if report:
            messages.success(request, _("Thank you. The condition report has been filed."))
            return redirect("programme:report", report.pk)
    return _form_page(
        request,
        form,
        title=_("Condition report"),
        submit=_("File the report"),
        back=reverse("programme:mine"),
        intro=_("Enter numbers as digits; enter 0 when there were none."),
    )


def report_detail(request, pk):
    report = visibility.access_report(request.user, pk)
    values = report.values.select_related("indicator").order_by("indicator__order")
    return render(
        request,
        "programme/report.html",
        {
            "report": report,
            "values": values,
            "can_confirm": report.status == ConditionReport.Status.FILED
            and visibility.can_confirm(request.user, report.area_id),
        },
    )


@require_POST
def report_confirm(request, pk):
    report = visibility.access_report(request.user, pk)
    if not visibility.can_confirm(request.user, report.area_id):
        raise Http404
    try:
        actions.condition_confirm(actor=request.user, report=report)
        messages.success(request, _("The report has been confirmed."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("programme:report", pk)


def area_history(request, pk, code):
    programme = visibility.access_programme(request.user, pk)
    reports = visibility.reports_visible_to(request.user).filter(programme=programme, area=code)
    area = access.access_area(request.user, code)
    if (
        not reports.exists()
        and not visibility.can_manage(request.user, code)
        and not (visibility.can_file(request.user, code))
    ):
        raise Http404
    reports = reports.prefetch_related("values__indicator")
    indicators = list(programme.indicators.all())
    rows = [(r, {v.indicator_id: v.value for v in r.values.all()}) for r in reports]
    return render(
        request,
        "programme/history.html",
        {
            "programme": programme,
            "area": area,
            "indicators": indicators,
            "rows": rows,
        },
    )


# An ambassador's or relawan's own page --------------------------------------------------------


def mine(request):
    user = request.user
    if not access.scopes(user, "programme.participate"):
        raise Http404
    programmes = []
    for programme in visibility.programmes_visible_to(user).select_related("area"):
        if not _my_areas(user, programme, "programme.participate"):
            continue
        programmes.append(
            {
                "programme": programme,
                "areas": _my_areas(user, programme, "programme.participate"),
                "can_file": bool(visibility.filing_areas(user, programme))
                and bool(stats.open_periods(programme, timezone.localdate())),
            }
        )
    return render(
        request,
        "programme/mine.html",
        {
            "programmes": programmes,
            "outreach": Outreach.objects.filter(logged_by=user).select_related("area")[:10],
            "reports": visibility.reports_visible_to(user).select_related("area", "programme")[:12],
            "events": visibility.events_visible_to(user).select_related("area")[:10],
        },
    )
