"""The HTCDS CSV export and aggregate statistics."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from sigap.cases import exports
from sigap.cases.forms import StatsForm
from sigap.cases.models import Case
from sigap.people import access
from sigap.people.audit import audit_record
from sigap.regions.models import Level


def htcds_csv(request):
    if not access.scopes(request.user, "cases.export"):
        raise Http404("not found")
    cases = Case.objects.filter(access.area_q(request.user, "cases.export", field="area_id"))
    audit_record(actor=request.user, action="cases.export_htcds", detail={"cases": cases.count()})
    response = StreamingHttpResponse(exports.htcds_csv_lines(cases), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sigap-htcds-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def statistics(request):
    """Counts per kecamatan or kelurahan for a period; cells below k shown as "<k"."""
    if not access.scopes(request.user, "aggregates.view"):
        raise Http404("not found")
    form = StatsForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows, k = exports.area_statistics(
        area_q=access.area_q(request.user, "aggregates.view", field="area_id"),
        level=data.get("level") or Level.DISTRICT,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    return render(request, "cases/statistics.html", {"form": form, "rows": rows, "k": k})
