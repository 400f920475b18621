"""Signed reports, the triage queue and one report's page."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sigap.cases import access as case_access
from sigap.cases import actions, timeline
from sigap.cases.choices import Country
from sigap.cases.forms import MergeForm, MessageForm, SignedReportForm, TriageForm
from sigap.cases.indicators import INDICATORS
from sigap.cases.models import Attachment
from sigap.cases.views.common import private, run_posted
from sigap.people import access, files
from sigap.people.audit import audit_personal_read, audit_record


def _home_area(user):
    membership = next(
        (m for m in access.active_memberships(user) if access.can(user, "reports.submit")), None
    )
    return membership.area if membership else None


@require_http_methods(["GET", "POST"])
def report_new(request):
    if not access.can(request.user, "reports.submit"):
        raise PermissionDenied
    area = _home_area(request.user)
    initial = {"area": area.code, "area_query": area.display_name} if area else {}
    form = SignedReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and "find_area" not in request.POST:
        if not case_access.can_file_in(request.user, form.report_data()["area_id"]):
            form.add_error("area", case_access.outside_message())
            return render(request, "cases/report_signed.html", {"form": form})
        try:
            report, _code = actions.report_submit(
                data=form.report_data(),
                files=form.cleaned_data["attachments"],
                channel=form.cleaned_data["channel"],
                submitted_by=request.user,
            )
        except actions.AreaNotReportable:
            form.area_refused()
        else:
            return redirect("cases:report", report.pk)
    return render(request, "cases/report_signed.html", {"form": form})


def reports(request):
    """Handlers get their areas' queue; everyone else the reports they filed themselves."""
    handled = case_access.handled_reports(request.user)
    own = case_access.reports_visible_to(request.user).filter(submitted_by=request.user)
    queue = list(handled.untriaged().select_related("area")[:200])
    masked = [r.pk for r in queue if r.contact_mask]
    if masked:  # a messaging contact's mask is personal data, even masked
        audit_record(
            actor=request.user, action="personal.read", object_type="report",
            reason="reports.queue", detail={"reports": masked},
        )  # fmt: skip
    context = {
        "queue": queue,
        "recent": handled.exclude(decision="").select_related("area", "case")[:50],
        "own": own.select_related("area", "case")[:200],
        "is_handler": bool(access.scopes(request.user, "cases.handle")),
    }
    return render(request, "cases/reports.html", context)


def report_detail(request, pk):
    report = case_access.access_report(request.user, pk)
    audit_personal_read(actor=request.user, obj=report, reason="report.view")
    handler = case_access.can_triage(request.user, report)
    visible = case_access.reports_visible_to(request.user)
    context = {
        "report": report,
        "handler": handler,
        "indicators": [INDICATORS[k][0] for k in report.indicators if k in INDICATORS],
        "reasons": _explained(report.risk_reasons),
        "linked": actions.linked_reports(report).filter(pk__in=visible.values("pk")),
        "duplicates": _possible_duplicates(report, visible) if handler else [],
        "triage_form": TriageForm(initial={"decision": report.decision}),
        "merge_form": MergeForm(),
        "message_form": MessageForm(),
        "timeline": timeline.entries(report.timeline.select_related("actor"), handler=handler),
    }
    return private(render(request, "cases/report_detail.html", context))


def _explained(reasons: list[dict]) -> list[tuple[str, int]]:
    """Each scored rule in words: the indicator's label, the destination, the link."""
    return [(_reason_label(r["rule"]), r["weight"]) for r in reasons]


def _reason_label(rule: str) -> str:
    kind, _sep, key = rule.partition(":")
    if kind == "indicator" and key in INDICATORS:
        return str(INDICATORS[key][0])
    if kind == "destination" and key in Country.values:
        return _("High-risk destination: %(country)s") % {"country": Country(key).label}
    if kind == "linked":
        return _("A suspect identifier appears in another report")
    return rule


def _possible_duplicates(report, visible):
    """Same kelurahan, same destination, within a week either side: worth a look."""
    window = (report.created_at - timedelta(days=7), report.created_at + timedelta(days=7))
    return (
        visible.filter(area_id=report.area_id, created_at__range=window)
        .filter(destination_country=report.destination_country)
        .exclude(pk=report.pk)[:10]
    )


@require_POST
def report_post(request, pk, action):
    report = case_access.access_report(request.user, pk)
    back = reverse("cases:report", args=[pk])
    if action == "open":
        return _open_case(request, report)
    table = {
        "triage": (TriageForm, lambda d: actions.report_triage(report=report, actor=request.user,
                                                               decision=d["decision"],
                                                               note=d["note"]),
                   _("Triage decision saved.")),
        "merge": (MergeForm, lambda d: actions.case_merge(
            report=report, case=case_access.access_case(request.user, d["case"]),
            actor=request.user), _("The report was added to the case.")),
        "message": (MessageForm, lambda d: actions.message_to_reporter(
            report=report, actor=request.user, body=d["body"]), _("Message sent.")),
    }  # fmt: skip
    if action not in table:
        raise Http404("no such action")
    form_class, run, success = table[action]
    return run_posted(request, form_class(request.POST), run, success, back)


def _open_case(request, report):
    try:
        case = actions.case_open(report=report, actor=request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
        return redirect("cases:report", report.pk)
    return redirect("cases:case", case.pk)


@login_required
def attachment(request, pk):
    """One attachment, for those who may see its report or case; every download audited."""
    item = Attachment.objects.filter(pk=pk).select_related("report", "case").first()
    if item is None:
        raise Http404("not found")
    owner = (
        case_access.access_report(request.user, item.report_id)
        if item.report_id
        else case_access.access_case(request.user, item.case_id)
    )
    audit_personal_read(actor=request.user, obj=owner, reason=f"attachment.view:{item.pk}")
    name = files.filename(f"lampiran-{item.pk}", item.content_type)
    return files.download(item.storage_name, item.content_type, name)
