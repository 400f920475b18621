"""HTCDS pages: the hub (exports, case transfer, import), the public release and the import's
preview and commit. The work is in ``sigap.cases.htcds``."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.cases import access as case_access
from sigap.cases.actions import ActionError
from sigap.cases.exports import small_cell_k
from sigap.cases.htcds import importer, kanon, tasks, transfer
from sigap.cases.htcds.forms import CommitForm, ImportForm, TransferForm
from sigap.cases.models import Case
from sigap.cases.views.common import form_errors, private
from sigap.people import access
from sigap.people.audit import audit_record
from sigap.regions.models import Area
from sigap.tasks import progress

PENDING = "htcds_import"  # session key: the stored file waiting for its commit


def _require(user, permission: str) -> None:
    if not access.scopes(user, permission):
        raise Http404("not found")


def _transfer_form(request, data=None):
    """Offers the cases with a current consent to share (``transfer_export`` checks that every
    victim of each has one)."""
    cases = case_access.cases_visible_to(request.user).filter(
        consents__for_disclosure=True, consents__withdrawn_at__isnull=True
    )
    return TransferForm(data, cases=cases.distinct().order_by("-pk"))


def _import_form(request, data=None, files=None):
    areas = Area.objects.filter(code__in=access.scopes(request.user, "cases.handle"))
    return ImportForm(data, files, areas=areas)


def hub(request):
    handles = bool(access.scopes(request.user, "cases.handle"))
    exports = bool(access.scopes(request.user, "cases.export"))
    if not (handles or exports):
        raise Http404("not found")
    context = {
        "handles": handles,
        "exports": exports,
        "transfer": _transfer_form(request) if handles else None,
        "suggested_password": transfer.new_password(),
        "import_form": _import_form(request) if handles else None,
    }
    return private(render(request, "cases/htcds.html", context))


@require_POST
def send(request):
    """The case-transfer file, encrypted, straight to the sender's browser (never stored)."""
    _require(request.user, "cases.handle")
    form = _transfer_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was sent. %(errors)s") % {"errors": form_errors(form)})
        return redirect("cases:htcds")
    ids = [case.pk for case in form.cleaned_data["cases"]]
    try:
        name, data = transfer.transfer_export(
            actor=request.user,
            cases=Case.objects.filter(pk__in=ids),
            agency=form.cleaned_data["agency"],
            password=form.cleaned_data["password"],
            recipient=form.cleaned_data["recipient"],
        )
    except ActionError as error:
        messages.error(request, str(error))
        return redirect("cases:htcds")
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return private(response)


def public_release(request):
    """The k-anonymous release of the cases in scope, with the information it lost."""
    _require(request.user, "cases.export")
    cases = Case.objects.filter(access.area_q(request.user, "cases.export", field="area_id"))
    release = kanon.anonymise(kanon.records_for(cases), k=small_cell_k())
    if request.GET.get("format") != "csv":
        return render(request, "cases/htcds_public.html", {"release": release})
    audit_record(actor=request.user, action="cases.export_public",
                 detail={"rows": len(release.rows), "suppressed": release.suppressed})  # fmt: skip
    response = StreamingHttpResponse(_release_lines(release), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sigap-htcds-publik-{stamp}.csv"'
    return response


def _release_lines(release):
    class Echo:
        def write(self, value):
            return value

    writer = csv.DictWriter(Echo(), fieldnames=kanon.COLUMNS)
    yield writer.writeheader()
    for row in release.rows:
        yield writer.writerow(row)


def import_upload(request):
    """Upload → preview. A file that can be imported waits, encrypted, for its commit."""
    _require(request.user, "cases.handle")
    form = _import_form(request, request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return private(render(request, "cases/htcds_import.html", {"form": form}))
    raw = form.cleaned_data["file"].read()
    password = form.cleaned_data["password"]
    preview = importer.preview(raw, password=password)
    if preview.ok:
        request.session[PENDING] = {
            "name": importer.store_pending(importer.plain_bytes(raw, password=password)),
            "area": form.cleaned_data["area"].code,
            "source": form.cleaned_data["source"],
            "rows": len(preview.rows),
        }
    context = {"form": form, "preview": preview, "commit": CommitForm()}
    return private(render(request, "cases/htcds_import.html", context))


@require_POST
def import_commit(request):
    """All rows or none: in the request for a small file, as a task with a progress bar for
    a large one."""
    _require(request.user, "cases.handle")
    pending = request.session.pop(PENDING, None)
    if not pending:
        messages.error(request, _("Upload the file again: its preview has expired."))
        return redirect("cases:htcds_import")
    form = CommitForm(request.POST)
    skip = not (form.is_valid() and form.cleaned_data["import_duplicates"])
    if pending["rows"] > tasks.IN_REQUEST_ROWS:
        result = tasks.htcds_import.enqueue(
            stored=pending["name"], area=pending["area"], source=pending["source"],
            rows=pending["rows"], skip_duplicates=skip, actor=request.user.pk,
        )  # fmt: skip
        return redirect("cases:htcds_import_progress", result_id=result.id)
    try:
        cases = importer.commit(
            actor=request.user, preview=importer.preview(importer.read_pending(pending["name"])),
            area=Area.objects.get(code=pending["area"]), source=pending["source"],
            skip_duplicates=skip,
        )  # fmt: skip
    except ActionError as error:
        messages.error(request, str(error))
        return redirect("cases:htcds_import")
    finally:
        importer.drop_pending(pending["name"])
    messages.success(request, _("%(n)s cases imported.") % {"n": len(cases)})
    return redirect(reverse("cases:cases"))


def import_progress(request, result_id: str):
    """A large import's progress bar (the task's own, sigap.tasks.progress)."""
    _require(request.user, "cases.handle")
    context = {"result_id": result_id, "progress": progress.of(result_id)}
    return render(request, "cases/htcds_import_progress.html", context)
