"""Cek Lowongan: the public check page, bulk screening for members, and the weekly counts."""

from collections import defaultdict

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sigap.jobcheck import access, actions, bulk, display, ratelimit
from sigap.jobcheck.forms import BulkForm, CheckForm
from sigap.jobcheck.models import Check, CheckFlag, Level, Source
from sigap.tasks import progress

WEEKS = 12
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def check(request):
    form = CheckForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST":
        if not ratelimit.hit(request, "page", request.user):
            response = render(request, "jobcheck/too_many.html", status=429)
            response["Retry-After"] = str(ratelimit.LIMITS["page"][1])
            return response
        if form.is_valid():
            data = form.cleaned_data
            result = actions.check_screen(
                text=data["post"],
                channel=data["channel"],
                url=data["url"],
                country=data["country"],
                source=Source.PAGE,
            )
            context["view"] = display.present(result, data["post"])
    context["may_bulk"] = access.may_screen_in_bulk(request.user)
    return render(request, "jobcheck/check.html", context)


@require_GET
def statistics(request):
    if not access.may_view_aggregates(request.user):
        raise Http404("not found")
    by_level = _pivot(Check.objects.since_weeks(WEEKS).weekly_by_level(), "level")
    by_flag = _pivot(CheckFlag.objects.since_weeks(WEEKS).weekly_by_flag(), "flag")
    weeks = sorted({week for counts in by_level.values() for week in counts}, reverse=True)
    levels = [(label, _row(by_level.get(value, {}), weeks)) for value, label in Level.choices]
    flags = sorted(
        ((display.flag_title(flag), _row(c, weeks)) for flag, c in by_flag.items()),
        key=lambda r: -sum(r[1]),
    )
    totals = [sum(column) for column in zip(*(row for _label, row in levels), strict=True)]
    context = {"weeks": weeks, "weeks_count": WEEKS, "levels": levels, "flags": flags}
    return render(request, "jobcheck/statistics.html", context | {"totals": totals})


def _pivot(rows, key: str) -> dict:
    table: dict = defaultdict(dict)
    for row in rows:
        table[row[key]][row["week"]] = row["n"]
    return dict(table)


def _row(counts: dict, weeks: list) -> list[int]:
    return [counts.get(week, 0) for week in weeks]


@require_http_methods(["GET", "POST"])
def bulk_jobs(request):
    if not access.may_screen_in_bulk(request.user):
        raise Http404("not found")
    form = BulkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job, result_id = actions.bulk_job_create(
            owner=request.user, upload=form.cleaned_data["file"], fmt=form.format, total=form.total
        )
        # The page shows the task's progress bar (/tugas/<id>/kemajuan/), as other long tasks.
        return redirect(f"{reverse('jobcheck:bulk_job', args=[job.pk])}?tugas={result_id}")
    jobs = access.jobs_visible_to(request.user).order_by("-created_at")[:50]
    return render(request, "jobcheck/bulk_jobs.html", {"form": form, "jobs": jobs})


@require_GET
def bulk_job(request, pk: int):
    job = access.access_job(request.user, pk)
    return render(request, "jobcheck/bulk_job.html", _job_context(request, job))


@never_cache
@require_GET
def bulk_progress(request, pk: int):
    """The job's fragment that htmx fetches again: every 2 s, or, while the task's own bar
    moves, when that bar says the task is done (and every 10 s in case it never does); it
    stops once the job has ended."""
    job = access.access_job(request.user, pk)
    return render(request, "jobcheck/_job_progress.html", _job_context(request, job))


def _job_context(request, job) -> dict:
    """The job, and, on the way from the upload (``?tugas=<task result id>``), its task's
    progress bar."""
    result_id = request.GET.get("tugas", "")
    plain = result_id.replace("-", "")
    if not (0 < len(result_id) <= 64 and plain.isascii() and plain.isalnum()):
        return {"job": job}
    return {"job": job, "result_id": result_id, "progress": progress.of(result_id)}


@require_GET
def bulk_download(request, pk: int):
    job = access.access_job(request.user, pk)
    if not job.result_file.name:
        raise Http404("no result yet")
    stem = job.name.rsplit(".", 1)[0] or "hasil"
    if request.GET.get("format") == "xlsx":  # the same results, labelled, for a spreadsheet
        with default_storage.open(job.result_file.name, "rb") as fh:
            content = bulk.to_xlsx(fh, job.format)
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stem}-hasil.xlsx"'
        return response
    return FileResponse(
        default_storage.open(job.result_file.name, "rb"),
        as_attachment=True,
        filename=f"{stem}-hasil.{job.format}",
    )
