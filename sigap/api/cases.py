"""``/reports``, ``/cases``, ``/referrals``: the same access rules, actions and read audit as the
pages (sigap.cases). Lists carry no personal data; one record's detail is audited. Each write on
a case validates through the same form as its page (sigap.cases.writes), so a bad value gets the
same message in both places."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from sigap.cases import access as case_access
from sigap.cases import actions, exports, referral_actions, timeline
from sigap.cases.choices import (
    CaseStatus,
    Channel,
    ConsentGiver,
    Country,
    EventStage,
    ExploitationType,
    Gender,
    MethodOfControl,
    MethodOfRecruitment,
    PerpetratorRole,
    RecruitmentApp,
    ServiceKind,
    TraffickingStatus,
)
from sigap.cases.writes import CASE_WRITES
from sigap.lib.fingerprint import json_fingerprint
from sigap.people import access
from sigap.people.audit import audit_personal_read
from sigap.regions.models import Level

from . import outbox
from .errors import FormInvalid
from .outbox import SubmissionId
from .strict import MAX_INT, Input, IsoDate, Phone, StrictBool, StrictInt

router = Router(tags=["cases"])


class ReportOut(Schema):
    id: int
    reference: str
    area: str
    channel: str
    created_at: datetime
    risk_score: int
    risk_band: str
    decision: str
    case: int | None


class ReportDetailOut(ReportOut):
    what: str
    suspect: str
    indicators: list[str]
    recruitment_apps: list[str]
    destination_country: str
    risk_reasons: list[dict]
    linked_reports: list[int]


class VictimOut(Schema):
    id: int
    name: str
    gender: str
    birth_year: int | None
    is_child: bool
    trafficking_status: str


class CaseOut(Schema):
    id: int
    reference: str
    area: str
    status: str
    trafficking_status: str
    assigned_to: int | None
    created_at: datetime


class TimelineOut(Schema):
    at: datetime
    action: str
    label: str  # the action in words, in the request's language
    actor: int | None
    detail: dict


class CaseDetailOut(CaseOut):
    summary: str
    exploitation_types: list[str]
    methods_of_control: list[str]
    recruitment_methods: list[str]
    victims: list[VictimOut]
    services_owed: list[str]
    timeline: list[TimelineOut]


class ReferralOut(Schema):
    id: int
    reference: str
    case: int
    organisation: str
    service: str
    status: str
    deadline: date
    overdue: bool


class ReportIn(Input):
    """A signed report (staff, relawan); anonymous reports use the public page only."""

    area: str
    what: str = Field(..., min_length=1, max_length=5000)
    channel: Channel = Channel.WEB
    suspect: str = Field("", max_length=1000)
    suspect_identifiers: str = Field("", max_length=1000)
    destination_country: Country | None = None
    indicators: list[str] = []
    recruitment_apps: list[RecruitmentApp] = []
    submission_id: SubmissionId = None


class StatisticsRow(Schema):
    area: str
    name: str
    reports: str
    possible_or_actual: str
    cases: str


class TriageIn(Input):
    decision: TraffickingStatus
    note: str = ""


class ReasonIn(Input):
    reason: str = ""


class CompleteIn(Input):
    delivered_on: IsoDate | None = None
    note: str = ""


def _report(r) -> dict:
    return {
        "id": r.pk, "reference": r.reference, "area": r.area_id, "channel": r.channel,
        "created_at": r.created_at, "risk_score": r.risk_score, "risk_band": r.risk_band,
        "decision": r.decision, "case": r.case_id,
    }  # fmt: skip


def _case(case) -> dict:
    return {
        "id": case.pk, "reference": case.reference, "area": case.area_id,
        "status": case.status, "trafficking_status": case.trafficking_status,
        "assigned_to": case.assigned_to_id, "created_at": case.created_at,
    }  # fmt: skip


def _referral(r) -> dict:
    return {
        "id": r.pk, "reference": r.reference, "case": r.case_id,
        "organisation": r.organisation.name, "service": r.service, "status": r.status,
        "deadline": r.deadline, "overdue": r.is_overdue(),
    }  # fmt: skip


def _run(action, *args, **kwargs):
    try:
        return action(*args, **kwargs)
    except actions.ActionError as error:
        raise HttpError(400, str(error))


@router.get("/reports", response=list[ReportOut], summary="Reports you can see")
def report_list(request):
    reports = case_access.reports_visible_to(request.auth)[:500]
    return [_report(r) for r in reports]


@router.post("/reports", response={201: ReportOut}, summary="File a signed report")
def report_create(request, payload: ReportIn):
    data = payload.dict(exclude={"area", "channel", "submission_id"})
    data["destination_country"] = data["destination_country"] or ""
    try:
        report = actions.report_submit_signed(
            user=request.auth,
            area_code=payload.area,
            data=data,
            channel=payload.channel,
            submission=payload.submission_id or "",
            fingerprint=json_fingerprint(payload.dict(exclude={"submission_id"})),
        )
    except actions.ReceivedOtherwise as first:
        if first.report is None:
            return outbox.conflict()
        return outbox.conflict(first.report.pk, _report(first.report))
    except actions.AlreadyReceived as first:
        return outbox.respond(201, _report(first.report), "replayed", replayed=True)
    except actions.ActionError as error:
        raise HttpError(400, str(error))
    state = "stored" if payload.submission_id else ""
    return outbox.respond(201, _report(report), state) if state else Status(201, _report(report))


@router.get("/statistics", response=list[StatisticsRow], summary="Counts per kecamatan")
def statistics(request):
    """Small cells are suppressed exactly as on the statistics page."""
    if not access.scopes(request.auth, "aggregates.view"):
        raise Http404("not found")
    rows, _k = exports.area_statistics(
        area_q=access.area_q(request.auth, "aggregates.view", field="area_id"),
        level=Level.DISTRICT,
        date_from=None,
        date_to=None,
    )
    return [{"area": a.code, "name": a.display_name, **cells} for a, cells in rows if a]


@router.get("/reports/{report_id}", response=ReportDetailOut, summary="One report (audited)")
def report_detail(request, report_id: int):
    report = case_access.access_report(request.auth, report_id)
    audit_personal_read(actor=request.auth, obj=report, reason="api.report.view")
    visible = case_access.reports_visible_to(request.auth).values("pk")
    linked = actions.linked_reports(report).filter(pk__in=visible)
    return {
        **_report(report), "what": report.what, "suspect": report.suspect,
        "indicators": report.indicators, "recruitment_apps": report.recruitment_apps,
        "destination_country": report.destination_country, "risk_reasons": report.risk_reasons,
        "linked_reports": [r.pk for r in linked],
    }  # fmt: skip


@router.post("/reports/{report_id}/triage", response=ReportOut, summary="Triage a report")
def report_triage(request, report_id: int, payload: TriageIn):
    report = case_access.access_report(request.auth, report_id)
    _run(actions.report_triage, report=report, actor=request.auth,
         decision=payload.decision, note=payload.note)  # fmt: skip
    return _report(report)


@router.get("/cases", response=list[CaseOut], summary="Cases you handle")
def case_list(request):
    return [_case(k) for k in case_access.cases_visible_to(request.auth)[:500]]


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="One case (audited)")
def case_detail(request, case_id: int):
    case = case_access.access_case(request.auth, case_id)
    names = case_access.sees_names(request.auth, case.area_id)
    audit_personal_read(actor=request.auth, obj=case, reason="api.case.view")
    victims = []
    for v in case.victims.all():
        audit_personal_read(actor=request.auth, obj=v, area_code=case.area_id,
                            reason="api.case.view")  # fmt: skip
        victims.append({
            "id": v.pk, "name": f"{v.first_name} {v.second_name}".strip() if names else v.alias,
            "gender": v.gender, "birth_year": v.birth_year, "is_child": v.is_child,
            "trafficking_status": v.trafficking_status,
        })  # fmt: skip
    return {
        **_case(case), "summary": case.summary, "exploitation_types": case.exploitation_types,
        "methods_of_control": case.methods_of_control,
        "recruitment_methods": case.recruitment_methods, "victims": victims,
        "services_owed": [s.kind for s in case.services.owed()],
        "timeline": [{"at": e.at, "action": e.action, "label": timeline.label(e.action),
                      "actor": e.actor_id, "detail": e.detail} for e in case.timeline.all()],
    }  # fmt: skip


@router.get("/referrals", response=list[ReferralOut], summary="Referrals")
def referral_list(request):
    referrals = case_access.referrals_visible_to(request.auth).select_related("organisation")
    return [_referral(r) for r in referrals[:500]]


@router.get("/referrals/{referral_id}", response=ReferralOut, summary="A referral")
def referral_detail(request, referral_id: int):
    return _referral(case_access.access_referral(request.auth, referral_id))


@router.post("/referrals/{referral_id}/accept", response=ReferralOut)
def referral_accept(request, referral_id: int):
    referral = case_access.access_referral(request.auth, referral_id)
    return _referral(_run(referral_actions.referral_accept, referral=referral, actor=request.auth))


@router.post("/referrals/{referral_id}/decline", response=ReferralOut)
def referral_decline(request, referral_id: int, payload: ReasonIn):
    referral = case_access.access_referral(request.auth, referral_id)
    return _referral(_run(referral_actions.referral_decline, referral=referral, actor=request.auth,
                          reason=payload.reason))  # fmt: skip


@router.post("/referrals/{referral_id}/complete", response=ReferralOut)
def referral_complete(request, referral_id: int, payload: CompleteIn):
    referral = case_access.access_referral(request.auth, referral_id)
    return _referral(_run(referral_actions.referral_complete, referral=referral, actor=request.auth,
                          delivered_on=payload.delivered_on, note=payload.note))  # fmt: skip


# ---------------------------------------------------------------------------- writes on a case


class CreatedOut(Schema):
    id: int


class MergeIn(Input):
    case: StrictInt = Field(..., le=MAX_INT)


class StatusIn(Input):
    status: CaseStatus
    reason: str = ""


class AssignIn(Input):
    assignee: StrictInt = Field(
        ..., le=MAX_INT, description="The user id of a case worker of the case's area"
    )


class DetailsIn(Input):
    exploitation_types: list[ExploitationType] = []
    methods_of_control: list[MethodOfControl] = []
    recruitment_methods: list[MethodOfRecruitment] = []


class VictimIn(Input):
    first_name: str
    second_name: str = ""
    nik: str = ""
    phone: Phone = ""
    address: str = ""
    birth_year: StrictInt | None = Field(None, ge=1900, le=2100)
    gender: Gender
    citizenship: str = "ID"


class PerpetratorIn(Input):
    role: PerpetratorRole
    name: str = ""
    identifiers: str = ""


class EventIn(Input):
    stage: EventStage
    country: Country | None = None
    place: str = ""
    happened_on: IsoDate | None = None


class TaskIn(Input):
    title: str
    due_on: IsoDate | None = None


class NoteIn(Input):
    body: str


class ConsentIn(Input):
    victim: StrictInt = Field(..., le=MAX_INT)
    given_by: ConsentGiver
    guardian_name: str = ""
    for_services: StrictBool = False
    for_disclosure: StrictBool = False


class ReferIn(Input):
    organisation: StrictInt = Field(..., le=MAX_INT)
    service: ServiceKind
    deadline: IsoDate | None = Field(None, description="A working day; empty: 3 working days")
    details: str = ""
    override_reason: str = Field("", description="Coordinators only, when no consent is recorded")


class ServiceIn(Input):
    kind: ServiceKind
    provider: StrictInt | None = Field(None, le=MAX_INT)
    planned_on: IsoDate | None = None


def _write(request, case_id: int, name: str, payload: Schema):
    """Validate through the page's form, then run the page's action."""
    case = case_access.access_case(request.auth, case_id)
    write = CASE_WRITES[name]
    data = {k: v for k, v in payload.dict().items() if v is not None}
    form = write.form(data, None, case)
    if not form.is_valid():
        raise FormInvalid(form)
    return _run(write.run, case, request.auth, form.cleaned_data)


def _created(row):
    return Status(201, {"id": row.pk})


@router.post("/reports/{report_id}/open-case", response={201: CaseOut}, summary="Open a case")
def report_open_case(request, report_id: int):
    report = case_access.access_report(request.auth, report_id)
    return Status(201, _case(_run(actions.case_open, report=report, actor=request.auth)))


@router.post("/reports/{report_id}/merge", response=CaseOut, summary="Merge into a case")
def report_merge(request, report_id: int, payload: MergeIn):
    report = case_access.access_report(request.auth, report_id)
    case = case_access.access_case(request.auth, payload.case)
    return _case(_run(actions.case_merge, report=report, case=case, actor=request.auth))


@router.post("/cases/{case_id}/status", response=CaseOut, summary="Change a case's status")
def case_status(request, case_id: int, payload: StatusIn):
    return _case(_write(request, case_id, "status", payload))


@router.post("/cases/{case_id}/assign", response=CaseOut, summary="Assign a case")
def case_assign(request, case_id: int, payload: AssignIn):
    return _case(_write(request, case_id, "assign", payload))


@router.put("/cases/{case_id}/details", response=CaseOut, summary="HTCDS picklists of a case")
def case_details(request, case_id: int, payload: DetailsIn):
    return _case(_write(request, case_id, "details", payload))


@router.post("/cases/{case_id}/victims", response={201: CreatedOut}, summary="Add a victim")
def case_victim(request, case_id: int, payload: VictimIn):
    return _created(_write(request, case_id, "victim", payload))


@router.post("/cases/{case_id}/perpetrators", response={201: CreatedOut}, summary="Add a suspect")
def case_perpetrator(request, case_id: int, payload: PerpetratorIn):
    return _created(_write(request, case_id, "perpetrator", payload))


@router.post("/cases/{case_id}/events", response={201: CreatedOut}, summary="Add an event")
def case_event(request, case_id: int, payload: EventIn):
    return _created(_write(request, case_id, "event", payload))


@router.post("/cases/{case_id}/tasks", response={201: CreatedOut}, summary="Add a task")
def case_task(request, case_id: int, payload: TaskIn):
    return _created(_write(request, case_id, "task", payload))


@router.post("/cases/{case_id}/tasks/{task_id}/done", response=CreatedOut, summary="Task done")
def case_task_done(request, case_id: int, task_id: int):
    case = case_access.access_case(request.auth, case_id)
    task = _one_of(case.tasks, task_id)
    return {"id": _run(actions.task_done, task=task, actor=request.auth).pk}


@router.post("/cases/{case_id}/notes", response={201: CreatedOut}, summary="Add a note")
def case_note(request, case_id: int, payload: NoteIn):
    return _created(_write(request, case_id, "note", payload))


@router.post("/cases/{case_id}/consents", response={201: CreatedOut}, summary="Record consent")
def case_consent(request, case_id: int, payload: ConsentIn):
    return _created(_write(request, case_id, "consent", payload))


@router.post(
    "/cases/{case_id}/consents/{consent_id}/withdraw",
    response=list[ReferralOut],
    summary="Record a withdrawal of consent; answers the referrals it revoked",
)
def case_consent_withdraw(request, case_id: int, consent_id: int):
    case = case_access.access_case(request.auth, case_id)
    consent = _one_of(case.consents, consent_id)
    revoked = _run(referral_actions.consent_withdraw, consent=consent, actor=request.auth)
    return [_referral(r) for r in revoked]


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut}, summary="Refer a case")
def case_refer(request, case_id: int, payload: ReferIn):
    return Status(201, _referral(_write(request, case_id, "refer", payload)))


@router.post("/cases/{case_id}/services", response={201: CreatedOut}, summary="Plan a service")
def case_service(request, case_id: int, payload: ServiceIn):
    return _created(_write(request, case_id, "service", payload))


@router.post(
    "/cases/{case_id}/services/{service_id}/delivered",
    response=CreatedOut,
    summary="Record a service delivered",
)
def case_service_delivered(request, case_id: int, service_id: int, payload: CompleteIn):
    case = case_access.access_case(request.auth, case_id)
    service = _one_of(case.services, service_id)
    done = _run(referral_actions.service_deliver, service=service, actor=request.auth,
                delivered_on=payload.delivered_on, note=payload.note)  # fmt: skip
    return {"id": done.pk}


@router.post("/referrals/{referral_id}/revoke", response=ReferralOut, summary="Revoke")
def referral_revoke(request, referral_id: int, payload: ReasonIn):
    referral = case_access.access_referral(request.auth, referral_id)
    return _referral(_run(referral_actions.referral_revoke, referral=referral, actor=request.auth,
                          reason=payload.reason))  # fmt: skip


def _one_of(rows, pk: int):
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404("not found")
    return found
