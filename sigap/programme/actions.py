"""Writes to the programmes. Each action is atomic, re-checks the actor's scope and writes an audit
row (ids and area codes only). ``actor=None`` is the command line (demo data, benchmarks), which
is trusted.

Bad input a person can fix (a score above the maximum, a participant who is not registered, a
period already confirmed) raises ``ValidationError`` with a sentence saying what to do, before
any row is written; the transaction makes sure nothing is half-saved either way.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.notifications.actions import notify
from sigap.people import access
from sigap.people import actions as people_actions
from sigap.people.audit import audit_record
from sigap.people.models import Membership, Role
from sigap.programme import periods, stats, uploads, voting
from sigap.programme.models import (
    Attendance,
    Commitment,
    CommunityRole,
    ConditionReport,
    ConditionValue,
    Criterion,
    Event,
    FollowUp,
    Indicator,
    Material,
    Member,
    Nomination,
    Outreach,
    Pact,
    Participant,
    Phase,
    Poll,
    Programme,
    ReferenceLetter,
    Reminder,
    Score,
    Signatory,
    Speaker,
    TargetArea,
)
from sigap.programme.submissions import Stale
from sigap.regions.models import Level

# Stored as data in the programme's language; a coordinator edits or adds to them.
DEFAULT_INDICATORS = [
    ("berangkat_prosedural", "Warga berangkat kerja ke luar negeri secara prosedural", "number"),
    ("berangkat_nonprosedural", "Warga berangkat kerja ke luar negeri non-prosedural", "number"),
    ("pmi_bermasalah", "Pekerja migran pulang dengan masalah", "number"),
    ("perekrut_mencurigakan", "Perekrut atau iklan lowongan mencurigakan yang terlihat", "number"),
    ("anak_putus_sekolah", "Anak putus sekolah", "number"),
    ("perkawinan_anak", "Anak yang menikah dini", "number"),
    ("ada_pengungsi", "Ada pengungsi di kelurahan", "yes_no"),
    ("kegiatan_sosialisasi", "Kegiatan sosialisasi yang diadakan", "number"),
    ("keprihatinan", "Keprihatinan lain", "text"),
]
COMMUNITY_TO_ROLE = {
    CommunityRole.AMBASSADOR: Role.AMBASSADOR,
    CommunityRole.FKDM: Role.FKDM,
    CommunityRole.RELAWAN: Role.RELAWAN,
}


def _require(actor, permission: str, area_code: str) -> None:
    if actor is not None and not access.can(actor, permission, area_code):
        raise PermissionDenied("outside the actor's scope")


def _audit(actor, action: str, obj, area_code: str = "", **detail) -> None:
    audit_record(
        actor=actor, action=f"programme.{action}", obj=obj, area_code=area_code, detail=detail
    )


def _within(area, container_code: str) -> None:
    if not area.is_within(container_code):
        raise ValidationError(
            _("%(area)s lies outside the programme's area. Choose an area within it."),
            params={"area": area.display_name},
            code="outside_programme",
        )


# Programmes and rollout -----------------------------------------------------------------------


@transaction.atomic
def programme_create(*, actor, name, lead, area, partners=(), indicators=True, **fields):
    """A programme led by ``lead`` over ``area``; with the default condition-report indicators."""
    _require(actor, "programme.manage", area.code)
    programme = Programme.objects.create(name=name, lead=lead, area=area, **fields)
    programme.partners.set(partners)
    if indicators:
        Indicator.objects.bulk_create(
            Indicator(programme=programme, key=key, label=label, kind=kind, order=i)
            for i, (key, label, kind) in enumerate(DEFAULT_INDICATORS, start=1)
        )
    _audit(actor, "programme_create", programme)
    return programme


@transaction.atomic
def letter_add(*, actor, programme, number, dated, issuer, title="", scan=None):
    """Record a reference letter; ``scan``, if any, is the ``CleanFile`` that
    ``uploads.check_upload`` made, stored encrypted."""
    _require(actor, "programme.manage", programme.area_id)
    scan_name, scan_type = uploads.store(scan)
    letter = ReferenceLetter.objects.create(
        programme=programme, number=number, dated=dated, issuer=issuer, title=title,
        scan=scan_name, scan_type=scan_type,
    )  # fmt: skip
    _audit(actor, "letter_add", letter, programme.area_id)
    return letter


@transaction.atomic
def phase_create(*, actor, programme, name, starts_on, areas, ends_on=None, order=None):
    """A rollout phase and its target areas, all within the programme's area."""
    _require(actor, "programme.manage", programme.area_id)
    for area in areas:
        _within(area, programme.area_id)
    if order is None:
        order = (programme.phases.aggregate(n=Max("order"))["n"] or 0) + 1
    phase = Phase.objects.create(
        programme=programme, name=name, order=order, starts_on=starts_on, ends_on=ends_on
    )
    TargetArea.objects.bulk_create(TargetArea(phase=phase, area=area) for area in areas)
    _audit(actor, "phase_create", phase, programme.area_id, areas=len(areas))
    return phase


# Events ---------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, actor, programme, area, organisers=(), **fields) -> Event:
    _require(actor, "programme.manage", area.code)
    _within(area, programme.area_id)
    event = Event.objects.create(programme=programme, area=area, created_by=actor, **fields)
    event.organisers.set(organisers)
    _audit(actor, "event_create", event)
    return event


@transaction.atomic
def event_notes_update(*, actor, event, agenda: str, minutes: str) -> None:
    _require(actor, "programme.manage", event.area_id)
    event.agenda, event.minutes = agenda, minutes
    event.save(update_fields=["agenda", "minutes"])
    _audit(actor, "event_notes_update", event)


@transaction.atomic
def speaker_add(*, actor, event, **fields) -> Speaker:
    _require(actor, "programme.manage", event.area_id)
    speaker = Speaker.objects.create(event=event, **fields)
    _audit(actor, "speaker_add", speaker, event.area_id)
    return speaker


@transaction.atomic
def material_add(*, actor, event, title, upload) -> Material:
    """Store, encrypted, the ``CleanFile`` that ``uploads.check_upload`` made."""
    _require(actor, "programme.manage", event.area_id)
    name, content_type = uploads.store(upload)
    material = Material.objects.create(
        event=event, title=title, file=name, content_type=content_type, uploaded_by=actor
    )
    _audit(actor, "material_add", material, event.area_id)
    return material


@transaction.atomic
def follow_up_add(*, actor, event, action, owner, due_on) -> FollowUp:
    _require(actor, "programme.manage", event.area_id)
    item = FollowUp.objects.create(event=event, action=action, owner=owner, due_on=due_on)
    _audit(actor, "follow_up_add", item, event.area_id)
    return item


@transaction.atomic
def follow_up_done(*, actor, item: FollowUp, done_on: date) -> None:
    _require(actor, "programme.manage", item.event.area_id)
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    _audit(actor, "follow_up_done", item, item.event.area_id)


@transaction.atomic
def participant_register(*, actor, event, name, sex, at_door=False, **fields) -> Participant:
    """Register a participant, in advance or at the door; numbers run 1, 2, 3… per event. Once
    the event's participants nominate and vote, a newcomer gets a personal code too."""
    _require(actor, "programme.manage", event.area_id)
    Event.objects.select_for_update().filter(pk=event.pk).first()
    number = (event.participants.aggregate(n=Max("number"))["n"] or 0) + 1
    participant = Participant.objects.create(
        event=event, number=number, name=name, sex=sex, at_door=at_door, **fields
    )
    poll = Poll.objects.filter(event=event).first()
    if poll is not None:
        voting.voter_add(poll, participant)
    _audit(actor, "participant_register", participant, event.area_id)
    return participant


@transaction.atomic
def attendance_set(*, actor, event, marks: dict[int, set[int]]) -> int:
    """Make the attendance of each day in ``marks`` exactly the participant ids given.

    Refuses a day outside the event or an id that is not registered for this event.
    """
    _require(actor, "programme.manage", event.area_id)
    registered = set(event.participants.values_list("pk", flat=True))
    for day, ids in marks.items():
        if not 1 <= day <= event.days:
            raise ValidationError(
                _("Day %(day)s is not a day of this event (it lasts %(days)s days)."),
                params={"day": day, "days": event.days},
                code="bad_day",
            )
        if ids - registered:
            raise ValidationError(
                _(
                    "Attendance can only be marked for registered participants. Register the "
                    "person first (also at the door), then mark their attendance."
                ),
                code="not_registered",
            )
    Attendance.objects.filter(participant__event=event, day__in=list(marks)).delete()
    rows = [Attendance(participant_id=i, day=day) for day, ids in marks.items() for i in ids]
    Attendance.objects.bulk_create(rows)
    _audit(actor, "attendance_set", event, days=sorted(marks), marks=len(rows))
    return len(rows)


@transaction.atomic
def scores_record(*, actor, event, scores: dict[int, tuple[int | None, int | None]]) -> None:
    """Pre- and post-test scores per participant id, each between 0 and the event's maximum."""
    _require(actor, "programme.manage", event.area_id)
    participants = {p.pk: p for p in event.participants.all()}
    for pk, pair in scores.items():
        if pk not in participants:
            raise ValidationError(
                _("Scores can only be entered for registered participants."),
                code="not_registered",
            )
        for value in pair:
            if value is not None and not 0 <= value <= event.test_max:
                raise ValidationError(
                    _(
                        "A score of %(value)s is above the highest possible score, %(max)s. "
                        "Check the score and enter a number from 0 to %(max)s."
                    ),
                    params={"value": value, "max": event.test_max},
                    code="score_range",
                )
    for pk, (pre, post) in scores.items():
        participants[pk].pre_score, participants[pk].post_score = pre, post
    Participant.objects.bulk_update(
        [participants[pk] for pk in scores], ["pre_score", "post_score"]
    )
    _audit(actor, "scores_record", event, participants=len(scores))


# Selection and the registry -------------------------------------------------------------------


@transaction.atomic
def criterion_add(*, actor, programme, name, max_score) -> Criterion:
    _require(actor, "programme.manage", programme.area_id)
    order = (programme.criteria.aggregate(n=Max("order"))["n"] or 0) + 1
    criterion = Criterion.objects.create(
        programme=programme, name=name, max_score=max_score, order=order
    )
    _audit(actor, "criterion_add", criterion, programme.area_id)
    return criterion


@transaction.atomic
def nomination_create(*, actor, participant, role) -> Nomination:
    _require(actor, "programme.manage", participant.event.area_id)
    nomination, _created = Nomination.objects.get_or_create(
        participant=participant, defaults={"role": role}
    )
    _audit(actor, "nomination_create", nomination, participant.event.area_id, role=role)
    return nomination


@transaction.atomic
def nomination_score(*, actor, nomination, values: dict[int, int]) -> None:
    """Scores per rubric criterion id; each must lie between 0 and the criterion's maximum."""
    event = nomination.participant.event
    _require(actor, "programme.manage", event.area_id)
    criteria = {c.pk: c for c in event.programme.criteria.all()}
    for pk, value in values.items():
        criterion = criteria.get(pk)
        if criterion is None or not 0 <= value <= criterion.max_score:
            raise ValidationError(
                _("Each rubric score must be a number from 0 to the criterion's highest score."),
                code="score_range",
            )
    for pk, value in values.items():
        Score.objects.update_or_create(
            nomination=nomination, criterion_id=pk, defaults={"value": value}
        )
    _audit(actor, "nomination_score", nomination, event.area_id)


@transaction.atomic
def nomination_decide(
    *,
    actor,
    nomination,
    selected: bool,
    reason: str,
    area=None,
    term_starts=None,
    term_ends=None,
    appointment_letter: str = "",
    username: str = "",
):
    """Record the decision; a selected candidate joins the registry (and, with ``username``,
    gets an account with the matching role). Returns ``(member or None, first password or "")``.
    """
    participant = nomination.participant
    event = participant.event
    _require(actor, "programme.manage", event.area_id)
    if nomination.status != Nomination.Status.NOMINATED:
        raise ValidationError(_("This nomination has already been decided."), code="decided")
    nomination.status = Nomination.Status.SELECTED if selected else Nomination.Status.NOT_SELECTED
    nomination.reason, nomination.decided_by = reason, actor
    nomination.decided_at = timezone.now()
    nomination.save()
    _audit(actor, "nomination_decide", nomination, event.area_id, selected=selected)
    if not selected:
        return None, ""
    member, password = member_register(
        actor=actor,
        programme=event.programme,
        name=participant.name,
        sex=participant.sex,
        role=nomination.role,
        area=area or participant.area or event.area,
        phone=participant.phone,
        term_starts=term_starts or timezone.localdate(),
        term_ends=term_ends,
        appointment_letter=appointment_letter,
        participant=participant,
        username=username,
    )
    return member, password


@transaction.atomic
def member_register(*, actor, programme, name, role, area, username: str = "", **fields):
    """Add a community member; with ``username`` also an account holding the matching role."""
    _require(actor, "programme.manage", area.code)
    _within(area, programme.area_id)
    member = Member.objects.create(programme=programme, name=name, role=role, area=area, **fields)
    password = ""
    if username:
        first, _sep, last = name.partition(" ")
        member.user, password = people_actions.user_create(
            actor=actor,
            username=username,
            first_name=first[:150],
            last_name=last[:150],
            organisation=programme.lead,
            role=COMMUNITY_TO_ROLE[role],
            area=area,
            ends_on=fields.get("term_ends"),
        )
        member.save(update_fields=["user"])
    _audit(actor, "member_register", member, role=role, account=bool(username))
    return member, password


@transaction.atomic
def member_update(
    *, actor, member, status, term_ends=None, appointment_letter=None, **details
) -> None:
    """Change a member's status or term, or correct their ``name``, ``sex`` or ``phone``; an
    ended or inactive member loses their account role."""
    _require(actor, "programme.manage", member.area_id)
    unknown = set(details) - {"name", "sex", "phone"}
    if unknown:
        raise TypeError(f"not a member detail: {sorted(unknown)}")
    # Compared with the stored row: a bound ModelForm has already copied the new values onto
    # ``member``.
    stored = Member.objects.get(pk=member.pk)
    changed = sorted(k for k, v in details.items() if getattr(stored, k) != v)
    for key, value in details.items():
        setattr(member, key, value)
    member.status, member.term_ends = status, term_ends
    if appointment_letter is not None:
        member.appointment_letter = appointment_letter
    member.save()
    if member.user_id and status != Member.Status.ACTIVE:
        for membership in Membership.objects.active().filter(
            user=member.user_id, area=member.area_id, role=COMMUNITY_TO_ROLE[member.role]
        ):
            people_actions.membership_revoke(actor=actor, membership=membership)
    _audit(actor, "member_update", member, status=status, corrected=changed)


# Outreach -------------------------------------------------------------------------------------


@transaction.atomic
def outreach_log(*, actor, programme, area, member=None, photo=None, **fields) -> Outreach:
    """One outreach session, logged by the ambassador or relawan who held it."""
    if actor is not None and not (
        access.can(actor, "programme.participate", area.code)
        or access.can(actor, "programme.manage", area.code)
    ):
        raise PermissionDenied("outside the actor's scope")
    _within(area, programme.area_id)
    outreach = Outreach.objects.create(
        programme=programme, area=area, member=member, logged_by=actor, **fields
    )
    if photo is not None:
        outreach.photo, outreach.photo_type = uploads.store(photo)
        outreach.save(update_fields=["photo", "photo_type"])
    _audit(actor, "outreach_log", outreach)
    return outreach


@transaction.atomic
def outreach_update(*, actor, outreach, base_version: int | None, photo=None, **fields) -> Outreach:
    """Correct an outreach session. Based on another version than the stored one it raises
    ``Stale`` and saves nothing; the version goes up by one through a conditional update, so of
    two edits based on the same version only one wins. A new ``photo`` replaces the old one."""
    area = outreach.area_id
    if actor is not None and not (
        (outreach.logged_by_id == actor.pk and access.can(actor, "programme.participate", area))
        or access.can(actor, "programme.manage", area)
    ):
        raise PermissionDenied("outside the actor's scope")
    current = Outreach.objects.select_for_update().get(pk=outreach.pk)
    base = current.version if base_version is None else base_version
    if current.version != base:
        raise Stale(current, base)
    if photo is not None:
        fields["photo"], fields["photo_type"] = uploads.store(photo)
    _bump_version(current, fields, base)
    outreach.refresh_from_db()
    _audit(actor, "outreach_update", outreach)
    return outreach


# Pakta Integritas -----------------------------------------------------------------------------


@transaction.atomic
def pact_record(
    *, actor, programme, area, signed_on, signatories, commitments, document=None, notes=""
) -> Pact:
    """A kelurahan's pact with its signatories ``(name, position, organisation)`` and its
    commitments ``(kind, text, target)``. One pact per kelurahan and programme."""
    _require(actor, "programme.manage", area.code)
    _within(area, programme.area_id)
    if area.level != Level.VILLAGE:
        raise ValidationError(_("A pact is signed by a kelurahan or desa."), code="level")
    if Pact.objects.filter(programme=programme, area=area).exists():
        raise ValidationError(
            _("%(area)s already has a pact in this programme. Open it to change it."),
            params={"area": area.display_name},
            code="duplicate",
        )
    pact = Pact.objects.create(programme=programme, area=area, signed_on=signed_on, notes=notes)
    if document is not None:
        pact.document, pact.document_type = uploads.store(document)
        pact.save(update_fields=["document", "document_type"])
    Signatory.objects.bulk_create(
        Signatory(pact=pact, name=n, position=p, organisation=o) for n, p, o in signatories
    )
    Commitment.objects.bulk_create(
        Commitment(pact=pact, kind=k, text=t, target=g) for k, t, g in commitments
    )
    _audit(actor, "pact_record", pact, signatories=len(signatories))
    return pact


# Condition reports ----------------------------------------------------------------------------


@transaction.atomic
def indicator_add(*, actor, programme, key, label, kind) -> Indicator:
    _require(actor, "programme.manage", programme.area_id)
    if programme.indicators.filter(key=key).exists():
        raise ValidationError(
            _("The key “%(key)s” is already used in this programme. Choose another."),
            params={"key": key},
            code="duplicate",
        )
    order = (programme.indicators.aggregate(n=Max("order"))["n"] or 0) + 1
    indicator = Indicator.objects.create(
        programme=programme, key=key, label=label, kind=kind, order=order
    )
    _audit(actor, "indicator_add", indicator, programme.area_id)
    return indicator


@transaction.atomic
def indicator_update(
    *, actor, indicator: Indicator, label, order, key=None, kind=None
) -> Indicator:
    """Reword or reorder a question. Its key and answer type can change only while no report
    has answered it: answers already given were given to that question, of that type."""
    _require(actor, "programme.manage", indicator.programme.area_id)
    answered = indicator.values.exists()
    changes_meaning = (key is not None and key != indicator.key) or (
        kind is not None and kind != indicator.kind
    )
    if answered and changes_meaning:
        raise ValidationError(
            _(
                "Reports have already answered this question, so its key and answer type stay "
                "as they are. Add a new question instead."
            ),
            code="answered",
        )
    if key and key != indicator.key and indicator.programme.indicators.filter(key=key).exists():
        raise ValidationError(
            _("The key “%(key)s” is already used in this programme. Choose another."),
            params={"key": key},
            code="duplicate",
        )
    indicator.label, indicator.order = label, order
    indicator.key, indicator.kind = key or indicator.key, kind or indicator.kind
    indicator.save()
    _audit(actor, "indicator_update", indicator, indicator.programme.area_id)
    return indicator


def _typed_value(indicator: Indicator, value) -> dict:
    if indicator.kind == Indicator.Kind.NUMBER:
        return {"number": value, "flag": None, "text": ""}
    if indicator.kind == Indicator.Kind.YES_NO:
        return {"number": None, "flag": value, "text": ""}
    return {"number": None, "flag": None, "text": value or ""}


@transaction.atomic
def condition_file(
    *, actor, programme, area, period_start: date, values: dict, base_version: int | None = None
) -> ConditionReport:
    """File (or correct, until confirmed) a kelurahan's report for one period.

    ``values`` maps indicator ids to a typed value: int for numbers, bool for yes/no, str for
    text. A confirmed period cannot be filed again. With ``base_version`` (0: a new report) a
    filing based on another version than the stored one raises ``Stale`` and saves nothing;
    each filing raises the version by one, by a conditional update, so of two filings based on
    the same version only one wins.
    """
    _require(actor, "conditions.file", area.code)
    _within(area, programme.area_id)
    months = programme.report_period
    period_start = periods.period_start(period_start, months)
    existing = (
        ConditionReport.objects.select_for_update()
        .filter(programme=programme, area=area, period_start=period_start)
        .first()
    )
    if existing and existing.status == ConditionReport.Status.CONFIRMED:
        raise ValidationError(
            _(
                "The report of %(area)s for this period has already been confirmed and cannot be "
                "filed again. Choose another period, or ask the coordinator to correct it."
            ),
            params={"area": area.display_name},
            code="confirmed",
        )
    indicators = {i.pk: i for i in programme.indicators.all()}
    if set(values) - set(indicators):
        raise ValidationError(_("The report holds an unknown question."), code="unknown")
    now = timezone.now()
    fields = {
        "due_on": periods.due_on(period_start, months, programme.report_due_days),
        "filed_on": timezone.localdate(now),
        "filed_at": now,
        "filed_by": actor,
    }
    if existing is None:
        report = _condition_create(programme, area, period_start, fields, base_version)
    else:
        report = _condition_update(existing, fields, base_version)
    report.values.all().delete()
    ConditionValue.objects.bulk_create(
        ConditionValue(report=report, indicator_id=pk, **_typed_value(indicators[pk], value))
        for pk, value in values.items()
    )
    _audit(actor, "condition_file", report, period=period_start.isoformat())
    _notify_confirmers(report)
    return report


def _condition_create(programme, area, period_start, fields, base_version) -> ConditionReport:
    if base_version:
        # Based on a report that is gone (erased with its programme's data): nothing to edit.
        raise ValidationError(_("The report you edited no longer exists."), code="gone")
    try:
        with transaction.atomic():
            return ConditionReport.objects.create(
                programme=programme, area=area, period_start=period_start, **fields
            )
    except IntegrityError:
        # Filed by someone else at the same moment: theirs won.
        current = ConditionReport.objects.get(
            programme=programme, area=area, period_start=period_start
        )
        if base_version is None:
            return _condition_update(current, fields, None)
        raise Stale(current, base_version)


def _condition_update(report, fields, base_version) -> ConditionReport:
    _bump_version(report, fields, report.version if base_version is None else base_version)
    report.refresh_from_db()
    return report


def _bump_version(record, fields: dict, base: int) -> None:
    """Save ``fields`` and raise the version by one if the stored record is still at ``base``
    (one conditional update, so of two edits based on the same version only one wins); else
    ``Stale``, nothing saved."""
    current = type(record).objects.filter(pk=record.pk, version=base)
    if not current.update(version=F("version") + 1, **fields):
        raise Stale(record, base)


def _notify_confirmers(report: ConditionReport) -> None:
    kecamatan = ".".join(report.area_id.split(".")[:3])
    officials = [
        m.user
        for m in Membership.objects.active()
        .filter(role=Role.OFFICIAL, area_id__in=[report.area_id, kecamatan])
        .select_related("user")
    ]
    notify(
        recipients=officials,
        kind="programme.condition_filed",
        subject=_("A condition report for %(area)s (%(period)s) awaits your confirmation")
        % {"area": report.area.display_name, "period": report.period_start.strftime("%m/%Y")},
        link=reverse("programme:report", args=[report.pk]),
        obj=report,
    )


@transaction.atomic
def condition_confirm(*, actor, report: ConditionReport) -> None:
    _require(actor, "conditions.confirm", report.area_id)
    if report.status == ConditionReport.Status.CONFIRMED:
        raise ValidationError(_("This report has already been confirmed."), code="confirmed")
    report.status = ConditionReport.Status.CONFIRMED
    report.confirmed_by, report.confirmed_at = actor, timezone.now()
    report.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    _audit(actor, "condition_confirm", report)


COMMUNITY_FILERS = (Role.RELAWAN, Role.AMBASSADOR, Role.FKDM)


def condition_reminders_send(*, today: date) -> int:
    """Remind kelurahan whose report is due (period ended) or late (due date passed).

    Idempotent: a ``Reminder`` row per programme, kelurahan, period and kind means each is sent
    once however often the command runs. Only the last two ended periods are looked at, so a
    first run does not flood people about old periods. Returns how many reminders were sent.
    """
    sent = 0
    programmes = Programme.objects.filter(reports_start__lte=today).select_related("area")
    for programme in programmes:
        expected = stats.expected_areas(programme)
        months = programme.report_period
        for start in periods.ended_periods(programme.reports_start, today, months)[-2:]:
            due = periods.due_on(start, months, programme.report_due_days)
            kind = "due" if today <= due else "late"
            owing = {
                code
                for code, (_name, first) in expected.items()
                if periods.period_end(start, months) >= first
            }
            sent += _remind(programme, start, kind, owing)
    return sent


@transaction.atomic
def _remind(programme, start: date, kind: str, owing: set[str]) -> int:
    owing -= set(
        ConditionReport.objects.filter(programme=programme, period_start=start).values_list(
            "area_id", flat=True
        )
    )
    owing -= set(
        Reminder.objects.filter(programme=programme, period_start=start, kind=kind).values_list(
            "area_id", flat=True
        )
    )
    if not owing:
        return 0
    users: dict[str, list] = {}
    for m in (
        Membership.objects.active()
        .filter(area_id__in=owing, role__in=COMMUNITY_FILERS)
        .select_related("user", "area")
    ):
        users.setdefault(m.area_id, []).append(m.user)
    link = reverse("programme:condition_file", args=[programme.pk])
    subject = (
        _("Reminder: the condition report for %(period)s is due")
        if kind == "due"
        else _("Late: the condition report for %(period)s has not been filed")
    ) % {"period": start.strftime("%m/%Y")}
    for code in sorted(owing):
        notify(
            recipients=users.get(code, []),
            kind=f"programme.condition_{kind}",
            subject=subject,
            link=link,
        )
    Reminder.objects.bulk_create(
        Reminder(programme=programme, area_id=code, period_start=start, kind=kind) for code in owing
    )
    return len(owing)
