"""Periodic kelurahan condition reports: the gaps, filing, one report, confirming, an area's
history."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.people import access
from sigap.programme import actions, charts, exports, forms, periods, stats, visibility
from sigap.programme.models import ConditionReport, Submission
from sigap.programme.views import outbox, stored
from sigap.programme.views.common import form_page
from sigap.regions.models import Area


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
            "chart": _conditions_chart(programme),
        },
    )


def _conditions_chart(programme):
    rows = stats.reports_by_period(programme, timezone.localdate())
    months = [date_format(p, "M y") for p, *_counts in rows]
    return charts.bars(
        months,
        [
            charts.Series(_("on time"), [r[1] for r in rows], "s1"),
            charts.Series(_("late"), [r[2] for r in rows], "s3"),
            charts.Series(_("missing"), [r[3] for r in rows], "s4"),
        ],
        title=_("Condition reports per period: on time, late and missing"),
    )


def conditions_export(request, pk, fmt):
    programme = visibility.access_programme(request.user, pk, manage=True)
    reports = (
        visibility.reports_visible_to(request.user)
        .filter(programme=programme)
        .select_related("area")
        .prefetch_related("values__indicator")
        .order_by("period_start", "area_id")
    )
    header, rows = exports.condition_table(list(programme.indicators.all()), reports)
    name = _("Condition reports")
    return exports.download(header, rows, f"laporan-kondisi-{programme.pk}", fmt, name)


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
    filed = ConditionReport.objects.filter(programme=programme, area=areas[0]).values_list(
        "period_start", flat=True
    )
    due = stats.due_period(programme, timezone.localdate(), filed)
    form = forms.ConditionForm(
        request.POST or None,
        indicators=programme.indicators.all(),
        periods=open_periods,
        areas=areas,
        initial={"period": due.isoformat()},
    )
    # A new report is based on no version (0): one filed meanwhile for that period is stale.
    title = _condition_title(areas[0], due)
    draft = outbox.Draft(request, Submission.Kind.CONDITION, title=title, base_version=0)
    return _condition_page(request, programme, form, draft, areas)


def condition_edit(request, pk):
    report = visibility.access_report(request.user, pk)
    if report.status != ConditionReport.Status.FILED or not visibility.can_file(
        request.user, report.area_id
    ):
        raise Http404
    form = forms.ConditionForm(
        request.POST or None,
        indicators=report.programme.indicators.all(),
        periods=[report.period_start],
        areas=[report.area],
        initial=stored.initial(report),
    )
    title = _condition_title(report.area, report.period_start)
    draft = outbox.Draft(
        request, Submission.Kind.CONDITION, title=title, base_version=report.version
    )
    return _condition_page(request, report.programme, form, draft, [report.area])


def _condition_title(area, period) -> str:
    return _("Condition report %(area)s, %(period)s") % {
        "area": area.display_name,
        "period": date_format(period, "F Y"),
    }


def _condition_page(request, programme, form, draft, areas):
    def save(data):
        report = draft.run(
            lambda: actions.condition_file(
                actor=request.user,
                programme=programme,
                area=next(a for a in areas if a.code == data["area"]),
                values=form.values(),
                period_start=date.fromisoformat(data["period"]),
                base_version=draft.base_version,
            ),
            location=lambda report: reverse("programme:report", args=[report.pk]),
            message=thanks,
        )
        messages.success(request, thanks)
        return redirect("programme:report", report.pk)

    thanks = _("Thank you. The condition report has been filed.")
    return form_page(
        request,
        form,
        save,
        title=_("Condition report"),
        submit=_("File the report"),
        back=reverse("programme:mine"),
        intro=_("Enter numbers as digits; enter 0 when there were none.")
        + " "
        + str(stats.ACTIVITY_DEFINITION),
        draft=draft,
    )


def report_detail(request, pk):
    report = visibility.access_report(request.user, pk)
    values = report.values.select_related("indicator").order_by("indicator__order")
    months = report.programme.report_period
    return render(
        request,
        "programme/report.html",
        {
            "report": report,
            "values": values,
            "activities": stats.activities(
                report.programme,
                report.area_id,
                since=report.period_start,
                until=periods.period_end(report.period_start, months),
            ),
            "activity_definition": stats.ACTIVITY_DEFINITION,
            "can_confirm": report.status == ConditionReport.Status.FILED
            and visibility.can_confirm(request.user, report.area_id),
            "can_edit": report.status == ConditionReport.Status.FILED
            and visibility.can_file(request.user, report.area_id),
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
