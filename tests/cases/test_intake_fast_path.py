"""The anonymous intake's fast path keeps every protection: the atomic rate counter, the
prepared queries and inserts, the cached receipt page and the quick form copies."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.shortcuts import render
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from sigap.cases import prepared, ratelimit
from sigap.cases.forms import ReportForm
from sigap.cases.models import Attachment, CaseEvent, Identifier, Report
from sigap.cases.views import pages
from sigap.people.models import AuditEvent, RateCounter
from sigap.regions.models import Area
from tests import personas
from tests.cases.conftest import jpeg_with_gps, make_report, report_data
from tests.cases.test_intake import FORM, post_report, receipt_in

TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"')


def anonymous_request(path="/lapor/", **cookies):
    request = RequestFactory().post(path)
    request.user = AnonymousUser()
    request.COOKIES.update(cookies)
    return request


# ---------------------------------------------------------------------------- receipt page


@pytest.mark.parametrize("language", ["id", "en"])
def test_cached_receipt_page_is_the_rendered_page(db, language):
    pages._PAGES.clear()
    with translation.override(language):
        normal = render(anonymous_request(), "cases/receipt.html", {"receipt": "1111 2222"})
        first = pages.render_public(anonymous_request(), "cases/receipt.html", {"receipt": "1"})
        cached = pages.render_public(
            anonymous_request(), "cases/receipt.html", {"receipt": "1111 2222"}
        )
    assert len(pages._PAGES) == 1
    assert TOKEN.sub("", cached.content.decode()) == TOKEN.sub("", normal.content.decode())
    assert b"1111 2222" in cached.content and b"1111 2222" not in first.content
    # Each answer has its own masked CSRF token, which the middleware accepts as usual.
    tokens = {TOKEN.search(r.content.decode()).group(0) for r in (first, cached)}
    assert len(tokens) == 2


def test_cached_page_escapes_values(db):
    pages._PAGES.clear()
    for _ in range(2):
        request = anonymous_request()
        response = pages.render_public(request, "cases/receipt.html", {"receipt": "<b>"})
    assert b"&lt;b&gt;" in response.content and b"<b>" not in response.content


def test_signed_in_or_session_visitors_get_a_normal_render(db, medan_case_worker):
    pages._PAGES.clear()
    with_session = anonymous_request(sessionid="abc")
    with_query = RequestFactory().post("/lapor/?phone=1")
    with_query.user = AnonymousUser()
    signed_in = anonymous_request()
    signed_in.user = medan_case_worker
    for request in (with_session, with_query, signed_in):
        assert not pages.cacheable(request)
    response = pages.render_public(signed_in, "cases/receipt.html", {"receipt": "1"})
    assert medan_case_worker.display_name.encode() in response.content
    assert not pages._PAGES


def test_a_signed_in_user_reporting_anonymously_sees_their_navigation(
    client, areas, medan_case_worker
):
    client.force_login(medan_case_worker)
    response = post_report(client)
    receipt_in(response)
    assert medan_case_worker.display_name.encode() in response.content


# ---------------------------------------------------------------------------- rate limits


def test_rate_counter_counts_atomically_and_per_window(db, settings, monkeypatch):
    settings.SIGAP_RATE_LIMITS = {"report": (3, 60)}
    request = anonymous_request()
    now = [1_800_000_000.0]
    monkeypatch.setattr("sigap.people.ratelimit.time.time", lambda: now[0])
    assert [ratelimit.hit(request, "report") for _ in range(4)] == [True, True, True, False]
    assert RateCounter.objects.get().count == 4
    # No address in the key: only its windowed HMAC.
    assert "127.0.0.1" not in RateCounter.objects.get().key
    now[0] += 60  # the next window starts afresh and purges the finished one
    assert ratelimit.hit(request, "report")
    assert RateCounter.objects.count() == 1 and RateCounter.objects.get().count == 1


def test_a_rolled_back_request_is_not_counted(db):
    request = anonymous_request()
    with transaction.atomic():
        ratelimit.hit(request, "receipt")
        transaction.set_rollback(True)
    assert not RateCounter.objects.exists()


def test_refused_report_leaves_nothing_behind(client, areas, settings):
    settings.SIGAP_RATE_LIMITS = {"report": (1, 3600)}
    from django.core.files.uploadedfile import SimpleUploadedFile

    receipt_in(post_report(client))
    photo = SimpleUploadedFile("foto.jpg", jpeg_with_gps(), content_type="image/jpeg")
    media = settings.MEDIA_ROOT
    before = sorted(p.name for p in media.rglob("*")) if media.exists() else []
    response = post_report(client, files=[photo])
    assert response.status_code == 429
    assert Report.objects.count() == 1 and CaseEvent.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.submit").count() == 1
    assert not Attachment.objects.exists()
    after = sorted(p.name for p in media.rglob("*")) if media.exists() else []
    assert after == before  # no orphaned (encrypted) file either


# ---------------------------------------------------------------------------- queries


def test_anonymous_report_queries(client, areas):
    post_report(client)  # warm: compiled statements, connection
    with CaptureQueriesContext(connection) as queries:
        receipt_in(post_report(client))
    sql = [q["sql"] for q in queries.captured_queries]
    # The area, the linked-identifier lookup, the report's rows and the rate counter: no
    # session, cache, notification or navigation query for an anonymous visitor.
    tables = ("regions_area", "cases_identifier", "cases_report", "cases_caseevent",
              "people_auditevent", "people_ratecounter")  # fmt: skip
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")
    assert len([s for s in sql if not s.startswith(control)]) == 7, sql
    assert all(s.startswith(control) or any(t in s for t in tables) for s in sql), sql


def test_prepared_insert_writes_what_the_orm_writes(db, areas):
    data = report_data()
    via_orm = Report.objects.create(channel="web", receipt_hash="a" * 64, **data)
    [via_prepared] = prepared.insert([Report(channel="web", receipt_hash="b" * 64, **data)])
    assert via_prepared.pk and not via_prepared._state.adding
    rows = {r["id"]: r for r in Report.objects.values()}
    skip = {"id", "receipt_hash", "created_at", "updated_at"}
    assert {k: v for k, v in rows[via_orm.pk].items() if k not in skip} == {
        k: v for k, v in rows[via_prepared.pk].items() if k not in skip
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT what FROM cases_report WHERE id = %s", [via_prepared.pk])
        assert "Kamboja" not in cursor.fetchone()[0]  # ciphertext at rest
    hints = prepared.insert(
        [Identifier(report=via_prepared, kind="phone", value_hash=f"{i:064d}") for i in (1, 2)]
    )
    assert [h.report_id for h in hints] == [via_prepared.pk] * 2 and hints[0].pk < hints[1].pk


def test_reportable_area_and_any_identifier(db, areas):
    assert prepared.reportable_area(personas.TERJUN).code == personas.TERJUN
    assert prepared.reportable_area(personas.MEDAN_MARELAN).name
    assert prepared.reportable_area(personas.MEDAN) is None  # a city is too coarse
    assert prepared.reportable_area("99.99") is None and prepared.reportable_area("") is None
    report, _code = make_report()
    stored = Identifier.objects.filter(report=report).values_list("value_hash", flat=True)
    assert prepared.any_identifier([*stored, "f" * 64])
    assert not prepared.any_identifier(["f" * 64]) and not prepared.any_identifier([])
    assert isinstance(prepared.reportable_area(personas.TERJUN), Area)


# ---------------------------------------------------------------------------- form copies


def test_quick_form_copies_do_not_leak_between_forms(db):
    one = ReportForm()
    one.fields["what"].widget.attrs["data-x"] = "1"
    one.fields["destination_country"].choices = [("XX", "X")]
    one.fields["what"].error_messages["required"] = "changed"
    two = ReportForm()
    assert "data-x" not in two.fields["what"].widget.attrs
    assert ("KH", "Kamboja") in two.fields["destination_country"].choices or len(
        two.fields["destination_country"].choices
    ) > 1
    assert two.fields["what"].error_messages["required"] != "changed"
    assert ReportForm(dict(FORM, area=personas.TERJUN)).is_valid()
