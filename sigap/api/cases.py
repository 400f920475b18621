"""``/reports``, ``/cases``, ``/referrals``: the same access rules, actions and read audit as the
pages (sigap.cases). Lists carry no personal data; one record's detail is audited."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from sigap.cases import access as case_access
from sigap.cases import actions, exports
from sigap.cases.choices import Channel, Country, RecruitmentApp, TraffickingStatus
from sigap.people import access
from sigap.people.audit import audit_personal_read
from sigap.regions.models import Level

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


class CaseDetailOut(CaseOut):
    summary: str
    exploitation_types: list[str]
    methods_of_control: list[str]
    victims: list[VictimOut]
    services_owed: list[str]


class ReferralOut(Schema):
    id: int
    reference: str
    case: int
    organisation: str
    service: str
    status: str
    deadline: date
    overdue: bool


class ReportIn(Schema):
    """A signed report (staff, relawan); anonymous reports use the public page only."""

    area: str
    what: str = Field(..., min_length=1, max_length=5000)
    channel: Channel = Channel.WEB
    suspect: str = Field("", max_length=1000)
    suspect_identifiers: str = Field("", max_length=1000)
    destination_country: Country | None = None
    indicators: list[str] = []
    recruitment_apps: list[RecruitmentApp] = []


class StatisticsRow(Schema):
    area: str
    name: str
    reports: str
    possible_or_actual: str
    cases: str


class TriageIn(Schema):
    decision: TraffickingStatus
    note: str = ""


class ReasonIn(Schema):
    reason: str = ""


class CompleteIn(Schema):
    delivered_on: date | None = None
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


def _run(action, **kwargs):
    try:
        return action(**kwargs)
    except actions.ActionError as error:
        raise HttpError(400, str(error))


@router.get("/reports", response=list[ReportOut], summary="Reports you can see")
def report_list(request):
    reports = case_access.reports_visible_to(request.auth)[:500]
    return [_report(r) for r in reports]


@router.post("/reports", response={201: ReportOut}, summary="File a signed report")
def report_create(request, payload: ReportIn):
    data = payload.dict(exclude={"area", "channel"})
    data["destination_country"] = data["destination_country"] or ""
    report = _run(actions.report_submit_signed, user=request.auth, area_code=payload.area,
                  data=data, channel=payload.channel)  # fmt: skip
    return Status(201, _report(report))


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
        "methods_of_control": case.methods_of_control, "victims": victims,
        "services_owed": [s.kind for s in case.services.owed()],
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
    return _referral(_run(actions.referral_accept, referral=referral, actor=request.auth))


@router.post("/referrals/{referral_id}/decline", response=ReferralOut)
def referral_decline(request, referral_id: int, payload: ReasonIn):
    referral = case_access.access_referral(request.auth, referral_id)
    return _referral(_run(actions.referral_decline, referral=referral, actor=request.auth,
                          reason=payload.reason))  # fmt: skip


@router.post("/referrals/{referral_id}/complete", response=ReferralOut)
def referral_complete(request, referral_id: int, payload: CompleteIn):
    referral = case_access.access_referral(request.auth, referral_id)
    return _referral(_run(actions.referral_complete, referral=referral, actor=request.auth,
                          delivered_on=payload.delivered_on, note=payload.note))  # fmt: skip
