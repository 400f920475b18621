"""The anonymous intake in plain Django: the report, its files, timeline event and audit row
saved with the ORM in one transaction, its completion (identifiers, links, score) a task
enqueued on commit; the rate counter, the area check and the cached receipt page."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.shortcuts import render
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from sigap.cases import actions, ratelimit
from sigap.cases.models import Attachment, CaseEvent, Identifier, Report
from sigap.cases.views import pages
from sigap.people.models import AuditEvent, RateCounter
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
        request = anonymous_request()
        cached = pages.render_public(request, "cases/receipt.html", {"receipt": "1111 2222"})
    assert len(pages._PAGES) == 1
    assert cached.content == normal.content
    assert b"1111 2222" in cached.content and b"1111 2222" not in first.content
    # No form and no language switch (it would reload the form and lose the code shown once):
    # no CSRF token is made, so no cookie is sent again either.
    assert not TOKEN.search(cached.content.decode())
    assert not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def test_a_page_with_a_csrf_token_is_never_cached(db):
    pages._PAGES.clear()
    response = pages.render_public(anonymous_request(), "cases/status.html", {})
    assert TOKEN.search(response.content.decode())
    assert pages._PAGES == {(("cases/status.html", "id", "/lapor/", ())): []}


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
    assert Report.objects.count() == 1 and not Attachment.objects.exists()
    after = sorted(p.name for p in media.rglob("*")) if media.exists() else []
    assert after == before  # no orphaned (encrypted) file either
    # Only the stored report has a timeline event and an audit row.
    assert CaseEvent.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.submit").count() == 1


def test_every_hit_is_counted_and_a_refused_report_stores_nothing(client, areas, settings):
    """A refused hit is counted too (the limit holds however fast they come)."""
    settings.SIGAP_RATE_LIMITS = {"report": (2, 3600)}
    statuses = [post_report(client).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert Report.objects.count() == 2 and RateCounter.objects.get().count == 4


# ---------------------------------------------------------------------------- queries


# ---------------------------------------------------------------------------- the report


def test_a_report_is_stored_only_for_a_kecamatan_or_kelurahan(db, areas):
    data = report_data()
    del data["area"]
    for code in (personas.MEDAN, "99.99", ""):  # a city is too coarse; unknown; none
        with pytest.raises(actions.AreaNotReportable):
            actions.report_submit(data={**data, "area_id": code}, channel="web")
    assert not Report.objects.exists() and not RateCounter.objects.exists()


def test_a_city_code_posted_as_the_area_asks_again_and_keeps_the_text(client, areas):
    response = post_report(client, {"area": personas.MEDAN, "area_query": "terjun"})
    assert response.status_code == 200 and b"receipt-code" not in response.content
    assert FORM["what"].encode() in response.content  # nothing lost
    assert personas.TERJUN.encode() in response.content  # the typed name's match to choose
    assert not Report.objects.exists()


def test_anonymous_report_queries_are_the_orm_s_few(client, areas):
    post_report(client)  # warm
    with CaptureQueriesContext(connection) as queries:
        receipt_in(post_report(client))
    sql = [q["sql"] for q in queries.captured_queries]
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    work = [s for s in sql if not s.startswith(control)]
    # The area check, the rate counter, the report, its timeline event and audit row; no
    # session, cache, notification or navigation query for an anonymous visitor.
    assert any("regions_area" in s for s in work)
    assert sum(s.startswith("INSERT") for s in work) >= 3
    assert not any("django_session" in s or "notifications_" in s for s in work), work
    assert len(work) <= 8, work


@pytest.mark.django_db(transaction=True)
def test_the_report_and_its_rows_commit_or_roll_back_together(areas, settings, monkeypatch):
    """Outside a test transaction, as a server runs: a failure after the report's insert
    leaves no report, event or audit row, and enqueues nothing; the hit stays counted."""
    settings.SIGAP_RATE_LIMITS = {"report": (10, 3600)}

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "audit_record", broken)
    hit = ratelimit.Hit(anonymous_request(), "report")
    with pytest.raises(RuntimeError):
        actions.report_submit(data=report_data(), channel="web", admit=hit)
    assert not Report.objects.exists() and not CaseEvent.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert connection.get_autocommit() and not connection.in_atomic_block
    monkeypatch.undo()
    settings.SIGAP_RATE_LIMITS = {"report": (10, 3600)}
    report, code = actions.report_submit(
        data=report_data(), channel="web", admit=ratelimit.Hit(anonymous_request(), "report")
    )
    assert code and Report.objects.get() == report
    # Its completion was enqueued once the report was committed, for the worker.
    task = DBTaskResult.objects.get()
    assert task.task_path == "sigap.cases.tasks.report_complete"
    assert task.args_kwargs["args"] == [report.pk]


# ---------------------------------------------------------------------------- completion


@pytest.mark.django_db(transaction=True)
def test_the_worker_completes_a_new_report_once(client, areas, medan_case_worker, as_user):
    """A report is stored at once; its identifiers, links and linked weight follow from its
    task, and the report page says so until then."""
    first, _ = make_report(personas.TERJUN, suspect_identifiers="WA 0812-3456-7890")
    receipt_in(post_report(client, {"suspect_identifiers": "+62 812 3456 7890"}))
    second = Report.objects.latest("pk")
    assert second.processed_at is None and not second.identifiers.exists()
    event = CaseEvent.objects.get(report=second)  # written with the report
    assert event.action == "report.submitted" and event.detail == {"channel": "web"}
    audit = AuditEvent.objects.get(action="report.submit", object_id=str(second.pk))
    assert audit.actor_id is None and audit.area_code == personas.TERJUN
    page = as_user(medan_case_worker).get(f"/laporan/{second.pk}/")
    assert b'id="not-processed"' in page.content

    call_command("run_worker", "--once", verbosity=0)
    second.refresh_from_db()
    assert second.processed_at and second.identifiers.count() == 1
    assert {"rule": "linked", "weight": 2} in second.risk_reasons
    assert actions.report_complete(report_id=second.pk) is False  # run twice: no change
    assert second.identifiers.count() == 1
    page = as_user(medan_case_worker).get(f"/laporan/{second.pk}/")
    assert b'id="not-processed"' not in page.content
    assert f'href="/laporan/{first.pk}/"'.encode() in page.content


def test_reports_completed_in_a_row_link_to_each_other(db, areas):
    make_report(process=False, suspect_identifiers="t.me/agen_kerja")
    later, _ = make_report(process=False, suspect_identifiers="Telegram: @Agen_Kerja")
    assert actions.reports_process(limit=10) == 2
    later.refresh_from_db()
    assert {"rule": "linked", "weight": 2} in later.risk_reasons
    assert Identifier.objects.count() == 2


def test_a_report_whose_task_was_lost_is_completed_by_the_hourly_sweep(db, areas):
    from datetime import timedelta

    from sigap.cases.tasks import reports_complete_stragglers

    old, _ = make_report(process=False)
    new, _ = make_report(process=False)
    Report.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(hours=1))
    assert reports_complete_stragglers.call(period="2026-12-04T13") == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.processed_at and new.processed_at is None  # the new one waits for its own task


# ---------------------------------------------------------------------------- privacy


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_report_leaves_no_trace_of_its_sender(client, areas):
    """No IP address, no user agent and no session anywhere, through the report, its rows, its
    task and its completion; the rate counter's key is an HMAC; the receipt is kept only as
    its HMAC."""
    from django.contrib.sessions.models import Session

    from sigap.cases import hashing

    response = post_report(client, REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="HP-Murah/1.0")
    code = receipt_in(response).replace(" ", "")
    call_command("run_worker", "--once", verbosity=0)
    assert "sessionid" not in response.cookies and not Session.objects.exists()
    report = Report.objects.get()
    assert report.processed_at and report.submitted_by is None and report.is_anonymous
    assert report.receipt_hash == hashing.receipt_hash(code) != code
    assert len(report.receipt_hash) == 64
    counter = RateCounter.objects.get()
    assert "10.9.8.7" not in counter.key and len(counter.key) >= 32  # a windowed HMAC
    stored = "".join(
        repr(list(model.objects.values()))
        for model in (Report, CaseEvent, AuditEvent, Identifier, RateCounter, DBTaskResult)
    )
    for secret in (code, "10.9.8.7", "HP-Murah"):
        assert secret not in stored
