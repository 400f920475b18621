"""``/programmes``, ``/events``, ``/condition-reports``, ``/pacts``: the programme actions over the
API, through the same visibility rules and actions as the pages. Missing and forbidden are the
same 404."""

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from sigap.people.audit import audit_personal_read
from sigap.programme import actions, stats, visibility
from sigap.programme.models import Member, Sex, Submission, Topic, VenueType
from sigap.regions.models import Area

from . import outbox
from .outbox import BaseVersion, SubmissionId
from .strict import MAX_INT, Input, IsoDate, Phone, StrictBool, StrictInt

router = Router(tags=["programmes"])


def _run(action, **kwargs):
    """Run an action; bad input is a 400 with the action's sentence, scope errors a 404."""
    try:
        return action(**kwargs)
    except DjangoValidationError as error:
        raise HttpError(400, " ".join(error.messages))
    except PermissionDenied:
        raise Http404


class ProgrammeOut(Schema):
    id: int
    name: str
    area: str = Field(alias="area_id")
    lead: str
    starts_on: date
    reports_start: date | None

    @staticmethod
    def resolve_lead(programme):
        return programme.lead.name


class AreaCoverageOut(Schema):
    code: str
    name: str
    reached: bool
    events: int
    ambassadors: int
    relawan: int
    fkdm: int
    outreach_sessions: int
    people_reached: int


class PhaseCoverageOut(Schema):
    phase: str
    planned: int
    reached: int
    areas: list[AreaCoverageOut]


class EventOut(Schema):
    id: int
    kind: str
    title: str
    area: str = Field(alias="area_id")
    venue: str
    starts_on: date
    days: int
    test_max: int


class ParticipantIn(Input):
    name: str = Field(..., min_length=1, max_length=200)
    sex: Sex
    position: str = Field("", max_length=200)
    organisation: str = Field("", max_length=200)
    phone: Phone = Field("", max_length=40)
    at_door: StrictBool = False
    submission_id: SubmissionId = None


class ParticipantOut(Schema):
    id: int
    number: int
    name: str
    sex: str
    position: str
    organisation: str
    days_present: list[int]
    pre_score: int | None
    post_score: int | None
    gain: int | None

    @staticmethod
    def resolve_days_present(p):
        return sorted(a.day for a in p.attendance.all())


class AttendanceIn(Input):
    day: StrictInt = Field(..., ge=1, le=366)
    participants: list[Annotated[StrictInt, Field(le=MAX_INT)]]
    submission_id: SubmissionId = None


class ScoreIn(Input):
    participant: StrictInt = Field(..., le=MAX_INT)
    pre: StrictInt | None = Field(None, ge=0, le=MAX_INT)
    post: StrictInt | None = Field(None, ge=0, le=MAX_INT)


class OutreachFields(Input):
    held_on: IsoDate
    venue_type: VenueType
    children_f: StrictInt = Field(0, ge=0, le=MAX_INT)
    children_m: StrictInt = Field(0, ge=0, le=MAX_INT)
    youth_f: StrictInt = Field(0, ge=0, le=MAX_INT)
    youth_m: StrictInt = Field(0, ge=0, le=MAX_INT)
    adults_f: StrictInt = Field(0, ge=0, le=MAX_INT)
    adults_m: StrictInt = Field(0, ge=0, le=MAX_INT)
    topics: list[Topic] = []
    notes: str = Field("", max_length=500)


class OutreachIn(OutreachFields):
    area: str
    submission_id: SubmissionId = None


class OutreachEditIn(OutreachFields):
    base_version: BaseVersion = None
    submission_id: SubmissionId = None


class IdOut(Schema):
    id: int
    replayed: bool = False


class OutreachOut(Schema):
    id: int
    area: str = Field(alias="area_id")
    held_on: date
    venue_type: str
    children_f: int
    children_m: int
    youth_f: int
    youth_m: int
    adults_f: int
    adults_m: int
    topics: list[str]
    notes: str
    version: int
    replayed: bool = False


class ConditionIn(Input):
    area: str
    period: IsoDate
    values: dict[str, StrictInt | StrictBool | str] = Field(
        ..., description=gettext_noop("Answers by indicator key: numbers, true/false or text.")
    )
    base_version: BaseVersion = None
    submission_id: SubmissionId = None


class ConditionOut(Schema):
    id: int
    area: str = Field(alias="area_id")
    period: date = Field(alias="period_start")
    due_on: date
    filed_on: date
    status: str
    version: int
    values: dict[str, int | bool | str | None]
    replayed: bool = False

    @staticmethod
    def resolve_values(report):
        return {v.indicator.key: v.value for v in report.values.all()}


class GapOut(Schema):
    area: str = Field(alias="area_code")
    area_name: str
    period: date = Field(alias="period_start")
    due_on: date
    filed_on: date | None
    missing: bool


class FulfilmentOut(Schema):
    kind: str
    commitment: str
    summary: str
    state: str


class PactOut(Schema):
    id: int
    area: str
    signed_on: date
    commitments: list[FulfilmentOut]


@router.get("/programmes", response=list[ProgrammeOut], summary=gettext_noop("Programmes"))
def programme_list(request):
    return visibility.programmes_visible_to(request.auth).select_related("lead")


@router.get(
    "/programmes/{pk}/coverage",
    response=list[PhaseCoverageOut],
    summary=gettext_noop("Coverage: planned and reached areas per phase"),
)
def programme_coverage(request, pk: int):
    programme = visibility.access_programme(request.auth, pk, manage=True)
    return [
        {
            "phase": pc.phase.name,
            "planned": pc.planned,
            "reached": pc.reached,
            "areas": [
                {
                    "code": r.area.code,
                    "name": r.area.name,
                    "reached": r.reached,
                    "events": r.events,
                    "ambassadors": r.ambassadors,
                    "relawan": r.relawan,
                    "fkdm": r.fkdm,
                    "outreach_sessions": r.sessions,
                    "people_reached": r.audience,
                }
                for r in pc.rows
            ],
        }
        for pc in stats.coverage(programme, timezone.localdate())
    ]


@router.get("/programmes/{pk}/events", response=list[EventOut], summary=gettext_noop("Events"))
def event_list(request, pk: int):
    programme = visibility.access_programme(request.auth, pk)
    return visibility.events_visible_to(request.auth).filter(programme=programme)


@router.get(
    "/events/{pk}/participants",
    response=list[ParticipantOut],
    summary=gettext_noop("Participants of an event, with attendance and scores"),
)
def participant_list(request, pk: int):
    event = visibility.access_event(request.auth, pk)
    audit_personal_read(actor=request.auth, obj=event, reason="participant list (API)")
    return event.participants.prefetch_related("attendance")


def _created(request, payload, kind, action):
    """``outbox.once`` for a POST that makes one row: 201 with the new row's id."""
    return outbox.once(
        request, payload, kind=kind, action=action, status=201, body=lambda row: {"id": row.pk}
    )


@router.post(
    "/events/{pk}/participants",
    response={201: IdOut},
    summary=gettext_noop("Register a participant"),
)
def participant_register(request, pk: int, payload: ParticipantIn):
    event = visibility.access_event(request.auth, pk, manage=True)
    data = payload.dict(exclude=outbox.BOOKKEEPING)
    return _created(
        request,
        payload,
        Submission.Kind.REGISTRATION,
        lambda: _run(actions.participant_register, actor=request.auth, event=event, **data),
    )


@router.put(
    "/events/{pk}/attendance",
    response={204: None},
    summary=gettext_noop("Set the attendance of one day"),
)
def attendance_set(request, pk: int, payload: AttendanceIn):
    event = visibility.access_event(request.auth, pk, manage=True)

    def mark():
        marks = {payload.day: set(payload.participants)}
        _run(actions.attendance_set, actor=request.auth, event=event, marks=marks)
        return event

    return outbox.once(
        request,
        payload,
        kind=Submission.Kind.ATTENDANCE,
        action=mark,
        status=204,
        body=lambda _event: None,
    )


@router.put(
    "/events/{pk}/scores",
    response={204: None},
    summary=gettext_noop("Record pre- and post-test scores"),
)
def scores_record(request, pk: int, payload: list[ScoreIn]):
    event = visibility.access_event(request.auth, pk, manage=True)
    _run(
        actions.scores_record,
        actor=request.auth,
        event=event,
        scores={s.participant: (s.pre, s.post) for s in payload},
    )
    return Status(204, None)


def _area_in(code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise Http404
    return area


@router.post(
    "/programmes/{pk}/outreach",
    response={201: IdOut},
    summary=gettext_noop("Log an outreach session"),
)
def outreach_log(request, pk: int, payload: OutreachIn):
    programme = visibility.access_programme(request.auth, pk)
    data = payload.dict(exclude=outbox.BOOKKEEPING)
    area = _area_in(data.pop("area"))
    member = Member.objects.active().filter(user=request.auth, programme=programme).first()
    return _created(
        request,
        payload,
        Submission.Kind.OUTREACH,
        lambda: _run(
            actions.outreach_log,
            actor=request.auth,
            programme=programme,
            area=area,
            member=member,
            **data,
        ),
    )


@router.put(
    "/outreach/{pk}",
    response={200: OutreachOut},
    summary=gettext_noop("Correct an outreach session"),
)
def outreach_update(request, pk: int, payload: OutreachEditIn):
    item = visibility.outreach_visible_to(request.auth).filter(pk=pk).first()
    if item is None or not visibility.can_edit_outreach(request.auth, item):
        raise Http404
    data = payload.dict(exclude=outbox.BOOKKEEPING)
    return outbox.once(
        request,
        payload,
        kind=Submission.Kind.OUTREACH,
        action=lambda: _run(
            actions.outreach_update,
            actor=request.auth,
            outreach=item,
            base_version=payload.base_version,
            **data,
        ),
        status=200,
        body=lambda outreach: outbox.as_json(OutreachOut, outreach),
    )


@router.get(
    "/programmes/{pk}/condition-reports",
    response=list[ConditionOut],
    summary=gettext_noop("Condition reports you can see"),
)
def condition_list(request, pk: int):
    programme = visibility.access_programme(request.auth, pk)
    return (
        visibility.reports_visible_to(request.auth)
        .filter(programme=programme)
        .prefetch_related("values__indicator")
    )


@router.post(
    "/programmes/{pk}/condition-reports",
    response={201: ConditionOut},
    summary=gettext_noop("File a kelurahan's condition report"),
)
def condition_file(request, pk: int, payload: ConditionIn):
    programme = visibility.access_programme(request.auth, pk)
    area = _area_in(payload.area)
    if not visibility.can_file(request.auth, area.code):
        raise Http404
    indicators = {i.key: i for i in programme.indicators.all()}
    unknown = set(payload.values) - set(indicators)
    if unknown:
        raise HttpError(
            400,
            _("Unknown indicator keys: %(keys)s. The programme's keys are listed on its page.")
            % {"keys": ", ".join(sorted(unknown))},
        )
    values = {indicators[k].pk: _typed(indicators[k], v) for k, v in payload.values.items()}
    return outbox.once(
        request,
        payload,
        kind=Submission.Kind.CONDITION,
        action=lambda: _run(
            actions.condition_file,
            actor=request.auth,
            programme=programme,
            area=area,
            period_start=payload.period,
            values=values,
            base_version=payload.base_version,
        ),
        status=201,
        body=lambda report: outbox.as_json(ConditionOut, report),
    )


def _typed(indicator, value):
    kind = indicator.kind
    ok = {
        "number": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
        "yes_no": isinstance(value, bool),
        "text": isinstance(value, str),
    }[kind]
    if not ok:
        expected = {
            "number": _("a whole number of 0 or more"),
            "yes_no": _("true or false"),
            "text": _("text"),
        }[kind]
        raise HttpError(
            400, _("“%(key)s” expects %(expected)s.") % {"key": indicator.key, "expected": expected}
        )
    return value


@router.post(
    "/condition-reports/{pk}/confirm",
    response={204: None},
    summary=gettext_noop("Confirm a condition report"),
)
def condition_confirm(request, pk: int):
    report = visibility.access_report(request.auth, pk)
    if not visibility.can_confirm(request.auth, report.area_id):
        raise Http404
    _run(actions.condition_confirm, actor=request.auth, report=report)
    return Status(204, None)


@router.get(
    "/programmes/{pk}/condition-gaps",
    response=list[GapOut],
    summary=gettext_noop("Missing and late condition reports"),
)
def condition_gaps(request, pk: int, periods: int = 6):
    programme = visibility.access_programme(request.auth, pk, manage=True)
    return stats.report_gaps(programme, timezone.localdate(), last=min(max(periods, 1), 36))


@router.get("/pacts/{pk}", response=PactOut, summary=gettext_noop("A Pakta Integritas"))
def pact_detail(request, pk: int):
    pact = visibility.access_pact(request.auth, pk)
    return {
        "id": pact.pk,
        "area": pact.area_id,
        "signed_on": pact.signed_on,
        "commitments": [
            {
                "kind": f.commitment.kind,
                "commitment": f.commitment.text,
                "summary": f.summary,
                "state": f.state,
            }
            for f in stats.pact_fulfilment(pact, timezone.localdate())
        ],
    }
