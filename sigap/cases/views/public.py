"""The only public pages: the anonymous report form and the receipt-code status page.

Nothing here stores or logs the caller's address or browser: the rate limits key on a
short-lived HMAC of it (sigap.people.ratelimit), and no session is created (CSRF uses its
cookie).
"""

import uuid

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.cases import actions, hashing, ratelimit
from sigap.cases.choices import Channel
from sigap.cases.forms import ReceiptForm, ReportForm
from sigap.cases.models import Report
from sigap.cases.views import pages
from sigap.cases.views.common import private
from sigap.lib.fingerprint import form_fingerprint
from sigap.regions.models import Level
from sigap.regions.search import search_areas


def _too_many(request):
    response = render(request, "cases/too_many.html", status=429)
    response["Retry-After"] = "900"
    return private(response)


@login_not_required
@require_http_methods(["GET", "POST"])
def report_public(request):
    # A posted form shows what was posted: the prefill is for the first view only.
    initial = (
        _prefill(request.GET) | {"submission_id": uuid.uuid4().hex}
        if request.method == "GET"
        else None
    )
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    # "Find" (the area search without JavaScript) only redraws the form.
    if request.method == "POST" and form.is_valid() and "find_area" not in request.POST:
        try:
            _report, code = actions.report_submit(
                data=form.report_data(),
                files=form.cleaned_data["attachments"],
                channel=Channel.WEB,
                admit=ratelimit.Hit(request, "report"),
                submission=form.cleaned_data["submission_id"],
                fingerprint=form_fingerprint(request, _NOT_CONTENT),
            )
        except actions.ReceivedOtherwise as first:
            return _received_otherwise(request, form, first)
        except actions.AlreadyReceived as first:
            context = {"receipt": hashing.format_receipt(first.receipt), "already": True}
            page = pages.render_public(request, "cases/receipt.html", context)
            return _marked(private(page), "replayed")
        except actions.NotAdmitted:
            return _too_many(request)
        except actions.AreaNotReportable:
            form.area_refused()
        else:
            receipt = hashing.format_receipt(code)
            context = {"receipt": receipt}
            page = pages.render_public(request, "cases/receipt.html", context)
            return _marked(private(page), "stored")
    return private(render(request, "cases/report_public.html", {"form": form}))


# Not content: the form's bookkeeping and the area search's button.
_NOT_CONTENT = {"csrfmiddlewaretoken", "submission_id", "find_area"}


def _received_otherwise(request, form, first):
    """The draft's id was sent before with other content: the first report's receipt, what
    is safe to show of it, and the typed report again under a new id to send it as a new one.
    """
    form.data = form.data.copy()
    form.data["submission_id"] = uuid.uuid4().hex
    context = {
        "form": form,
        "receipt": hashing.format_receipt(first.receipt) if first.receipt else "",
        "first": first.report if first.receipt else None,
    }
    page = render(request, "cases/report_conflict.html", context, status=409)
    return _marked(private(page), "conflict")


def _marked(response, state: str):
    response["X-Sigap-Submission"] = state
    return response


def _prefill(query) -> dict:
    """Identifiers handed over by Cek Lowongan's "Laporkan" button (never the post's text).

    Each of phone, account, email, company and destination may repeat, at most five times.
    """
    values = {
        key: [v.strip()[:200] for v in query.getlist(key)[:5] if v.strip()]
        for key in ("phone", "account", "email", "company", "destination")
    }
    initial = {}
    identifiers = values["phone"] + values["account"] + values["email"]
    if identifiers:
        initial["suspect_identifiers"] = "\n".join(identifiers)
    if values["company"]:
        initial["suspect"] = ", ".join(values["company"])
    if values["destination"]:
        initial["destination_country"] = values["destination"][0].upper()
    return initial


@login_not_required
@require_GET
def area_options(request):
    """Kecamatan and kelurahan matching the typed name, as radio buttons (htmx fragment)."""
    query = request.GET.get("area_query", "")[:100]
    found = [m for m in search_areas(query, limit=8) if m.level >= Level.DISTRICT]
    return render(request, "cases/_area_options.html", {"choices": found})


@login_not_required
@require_http_methods(["GET", "POST"])
def status(request):
    form = ReceiptForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if not ratelimit.hit(request, "receipt"):
            return _too_many(request)
        report = _by_receipt(form)
        if report is not None:
            sent = _reporter_message(request, form, report)
            context.update(report=report, code=form.cleaned_data["code"], sent=sent)
            context["form"] = ReceiptForm() if sent is not False else form
        else:
            # The typed code is not echoed back, so every miss reads exactly the same.
            context.update(form=ReceiptForm(), not_found=True)
    return private(render(request, "cases/status.html", context))


def _by_receipt(form) -> Report | None:
    """Unknown, wrong and malformed codes get one and the same answer."""
    code = hashing.clean_receipt(form.data.get("code", ""))
    report = Report.objects.with_receipt(code).first() if code else None
    if report is None or not form.is_valid():
        return None
    if report.receipt_hash != hashing.receipt_hash(code):
        # Found under an older key of the ring: re-keyed now, while the code is at hand.
        Report.objects.filter(pk=report.pk).update(receipt_hash=hashing.receipt_hash(code))
    form.cleaned_data["code"] = hashing.format_receipt(code)
    return report


def _reporter_message(request, form, report) -> bool | None:
    """None: nothing to send; True: sent; False: refused (the text stays in the form)."""
    body = form.cleaned_data.get("body", "").strip()
    if not body:
        return None
    if not ratelimit.hit(request, "message"):
        form.add_error(
            "body",
            _("You sent many messages in a short time. Wait an hour and send this one again."),
        )
        return False
    actions.message_from_reporter(report=report, body=body)
    return True
