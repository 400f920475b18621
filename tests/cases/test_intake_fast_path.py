"""The anonymous intake's fast path keeps every protection: the atomic rate counter, the
one-statement insert that checks the area, the background worker that completes each report,
the cached receipt page and the quick form copies."""

import re
from datetime import datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.http import QueryDict
from django.shortcuts import render
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sigap.cases import actions, prepared, ratelimit
from sigap.cases import forms as forms_module
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
    assert actions.reports_process() == 1  # only the stored report gets a timeline and audit row
    assert CaseEvent.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.submit").count() == 1


def test_every_hit_is_counted_and_a_refused_report_stores_nothing(client, areas, settings):
    """Counting and storing are one statement on PostgreSQL, two on SQLite: the same answers."""
    settings.SIGAP_RATE_LIMITS = {"report": (2, 3600)}
    statuses = [post_report(client).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert Report.objects.count() == 2 and RateCounter.objects.get().count == 4


# ---------------------------------------------------------------------------- queries


def test_anonymous_report_queries(client, areas):
    post_report(client)  # warm: compiled statements, connection
    with CaptureQueriesContext(connection) as queries:
        receipt_in(post_report(client))
    captured = [q["sql"] for q in queries.captured_queries]
    # The rate counter and the report, whose area is checked by the insert itself: no session,
    # cache, notification, navigation or area query for an anonymous visitor. On SQLite the
    # two share one transaction (here a savepoint: the test runs inside a transaction).
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    sql = [s for s in captured if not s.startswith(control)]
    assert all(s.startswith("INSERT") or s.startswith("WITH") for s in sql), captured
    assert len(sql) == (1 if connection.vendor == "postgresql" else 2), captured
    assert len(captured) == (1 if connection.vendor == "postgresql" else 4), captured
    assert "people_ratecounter" in sql[0] and "cases_report" in sql[-1]


def test_prepared_insert_writes_what_the_orm_writes(db, areas):
    data = report_data()
    via_orm = Report.objects.create(channel="web", receipt_hash="a" * 64, **data)
    via_prepared = Report(channel="web", receipt_hash="b" * 64, **data)
    assert prepared.insert_report(via_prepared) == prepared.STORED
    assert via_prepared.pk and not via_prepared._state.adding
    rows = {r["id"]: r for r in Report.objects.values()}
    skip = {"id", "receipt_hash", "created_at", "updated_at"}
    assert {k: v for k, v in rows[via_orm.pk].items() if k not in skip} == {
        k: v for k, v in rows[via_prepared.pk].items() if k not in skip
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT what FROM cases_report WHERE id = %s", [via_prepared.pk])
        assert "Kamboja" not in cursor.fetchone()[0]  # ciphertext at rest


def test_positional_build_is_the_keyword_build(db, areas, medan_case_worker):
    """``prepared.new`` gives what ``Report(**fields)`` gives: every field, the defaults of
    those not given, a relation given as its object or its key."""
    for extra in ({}, {"submitted_by": medan_case_worker}, {"submitted_by_id": None}):
        data = {**report_data(), "channel": "web", "risk_score": 40, **extra}
        built, reference = prepared.new(Report, **data), Report(**data)
        for field in Report._meta.concrete_fields:
            mine, theirs = getattr(built, field.attname), getattr(reference, field.attname)
            if isinstance(theirs, datetime):  # a default of "now", taken moments apart
                assert abs(mine - theirs) < timedelta(seconds=5), field
            else:
                assert mine == theirs, field
        assert built.area is data["area"] and built._state.adding
        if extra.get("submitted_by"):
            assert built.submitted_by is medan_case_worker
    keyed = prepared.new(Report, area_id=personas.TERJUN, what="x")
    assert keyed.area_id == personas.TERJUN and keyed.decision == Report().decision
    with pytest.raises(TypeError, match="unexpected fields: colour"):
        prepared.new(Report, what="x", colour="red")


def test_a_report_is_stored_only_for_a_kecamatan_or_kelurahan(db, areas):
    data = report_data()
    del data["area"]
    for code in (personas.MEDAN, "99.99", ""):  # a city is too coarse; unknown; none
        assert prepared.insert_report(Report(channel="web", area_id=code, **data)) == "no area"
    assert not Report.objects.exists()
    assert prepared.reportable_area(personas.TERJUN).code == personas.TERJUN
    assert prepared.reportable_area(personas.MEDAN) is None
    assert isinstance(prepared.reportable_area(personas.MEDAN_MARELAN), Area)


def test_a_city_code_posted_as_the_area_asks_again_and_keeps_the_text(client, areas):
    response = post_report(client, {"area": personas.MEDAN, "area_query": "terjun"})
    assert response.status_code == 200 and b"receipt-code" not in response.content
    assert FORM["what"].encode() in response.content  # nothing lost
    assert personas.TERJUN.encode() in response.content  # the typed name's match to choose
    assert not Report.objects.exists()


# ---------------------------------------------------------------------------- the worker


def test_the_worker_completes_new_reports_once(client, areas, medan_case_worker, as_user):
    """A report is stored at once; its identifiers, links, linked weight, timeline and audit
    rows follow from the worker, and the report page says so until then."""
    first, _ = make_report(personas.TERJUN, suspect_identifiers="WA 0812-3456-7890")
    receipt_in(post_report(client, {"suspect_identifiers": "+62 812 3456 7890"}))
    second = Report.objects.latest("pk")
    assert second.processed_at is None and not second.identifiers.exists()
    assert not CaseEvent.objects.filter(report=second).exists()
    page = as_user(medan_case_worker).get(f"/laporan/{second.pk}/")
    assert b'id="not-processed"' in page.content

    assert actions.reports_process() == 1 and actions.reports_process() == 0
    second.refresh_from_db()
    assert second.processed_at and second.identifiers.count() == 1
    assert {"rule": "linked", "weight": 2} in second.risk_reasons
    event = CaseEvent.objects.get(report=second)
    assert event.action == "report.submitted" and event.at == second.created_at
    audit = AuditEvent.objects.get(action="report.submit", object_id=str(second.pk))
    assert audit.at == second.created_at and audit.actor_id is None
    page = as_user(medan_case_worker).get(f"/laporan/{second.pk}/")
    assert b'id="not-processed"' not in page.content
    assert f'href="/laporan/{first.pk}/"'.encode() in page.content


def test_reports_of_one_run_link_to_each_other(db, areas):
    make_report(process=False, suspect_identifiers="t.me/agen_kerja")
    later, _ = make_report(process=False, suspect_identifiers="Telegram: @Agen_Kerja")
    assert actions.reports_process(limit=10) == 2
    later.refresh_from_db()
    assert {"rule": "linked", "weight": 2} in later.risk_reasons
    assert Identifier.objects.count() == 2


def test_the_worker_processes_reports(db, areas):
    make_report(process=False)
    out = StringIO()
    call_command("run_worker", "--once", stdout=out)
    assert "1 reports processed" in out.getvalue()
    assert not Report.objects.filter(processed_at__isnull=True).exists()


def test_the_worker_waits_for_a_batch_to_fill_only_after_a_partial_one(db, areas, monkeypatch):
    """A full batch is followed at once by the next; after a partial one the worker waits a
    moment (``GATHER_S``), so that under a steady stream a batch's commit is shared by more
    reports."""
    from sigap.management.commands import run_worker

    for _ in range(3):
        make_report(process=False)
    slept, passes = [], []
    real_process = run_worker.reports_process

    class Stop(Exception):
        pass

    def sleep(seconds):
        slept.append((len(passes), seconds))
        raise Stop

    def process(limit):
        passes.append(limit)
        return real_process(limit=limit)

    monkeypatch.setattr(run_worker, "BATCH", 2)
    monkeypatch.setattr(run_worker, "reports_process", process)
    monkeypatch.setattr(run_worker.time, "sleep", sleep)
    monkeypatch.setattr(run_worker.connection, "close", lambda: None)
    with pytest.raises(Stop):
        run_worker.Command(stdout=StringIO()).reports(once=False, sleep=5.0)
    # 2 (a full batch: straight on), then 1 (partial: a short wait, not the idle 5 s)
    assert passes == [2, 2] and slept == [(2, run_worker.GATHER_S)]
    assert not Report.objects.filter(processed_at__isnull=True).exists()


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


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_count_and_report_commit_or_roll_back_together(areas, settings):
    """The path a real server takes (no test transaction around it): on SQLite the count and
    the insert share one transaction begun on the driver's connection, on PostgreSQL one
    prepared statement; a failure leaves neither behind and the connection usable."""
    settings.SIGAP_RATE_LIMITS = {"report": (1, 3600)}

    def attempt(receipt_hash: str) -> str:
        report = Report(channel="web", receipt_hash=receipt_hash, **report_data())
        return prepared.insert_report(report, admit=ratelimit.Hit(anonymous_request(), "report"))

    assert attempt("c" * 64) == prepared.STORED
    assert attempt("d" * 64) == prepared.REFUSED
    assert Report.objects.count() == 1 and RateCounter.objects.get().count == 2
    settings.SIGAP_RATE_LIMITS = {"report": (10, 3600)}
    with pytest.raises(IntegrityError):
        attempt("c" * 64)  # the same receipt hash: the insert fails after the count
    assert RateCounter.objects.get().count == 2 and Report.objects.count() == 1
    assert connection.get_autocommit() and not connection.in_atomic_block
    assert attempt("e" * 64) == prepared.STORED
    assert RateCounter.objects.get().count == 3 and Report.objects.count() == 2


# ---------------------------------------------------------------------------- quick checks

_VALUES = st.one_of(
    st.text(alphabet="a \x00\né1", max_size=12),
    st.sampled_from(["KH", "female", "Facebook", "deception", "documents", "XX", ""]),
    st.text(min_size=60, max_size=70, alphabet="ab "),
)  # fmt: skip


def _posted(values: dict) -> QueryDict:
    posted = QueryDict(mutable=True)
    for name, value in values.items():
        posted.setlist(name, value)
    return posted


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(list(ReportForm.base_fields)),
                       st.lists(_VALUES, max_size=3), max_size=10))  # fmt: skip
def test_quick_checks_take_only_what_the_fields_would_take(values):
    """Each field's quick look either defers to the field or returns exactly what the field's
    own ``clean`` returns for the same post, without an error."""
    data = _posted(values)
    form = ReportForm(data)
    for name in ReportForm.base_fields:
        field = form.fields.peek(name)
        quick = forms_module._quick_clean(field, data, name)
        if quick is forms_module._SLOW:
            continue
        widget_value = field.widget.value_from_datadict(data, {}, name)
        assert field.clean(widget_value) == quick, (name, values)


def test_quick_checks_leave_errors_and_messages_to_the_fields(db, areas):
    """A post with every kind of mistake gets the same errors and the same cleaned values with
    and without the quick checks."""
    bad = _posted({
        "what": ["   "], "place": ["x" * 301], "people_ages": ["1\x0020"],
        "destination_country": ["ZZ"], "indicators": ["deception", "nope"],
        "people_sex": [""], "recruitment_apps": ["Facebook"], "area": [personas.TERJUN],
        "suspect": ["  PT Maju  "],
    })  # fmt: skip
    good = _posted({key: value if isinstance(value, list) else [value]
                    for key, value in FORM.items()})  # fmt: skip
    for data in (bad, good):
        quick = ReportForm(data)
        quick.is_valid()
        with mock.patch.object(forms_module, "_quick_clean", return_value=forms_module._SLOW):
            slow = ReportForm(data)
            slow.is_valid()
        assert quick.errors == slow.errors
        assert quick.cleaned_data == slow.cleaned_data
    assert set(ReportForm(bad).errors) >= {"what", "place", "people_ages", "indicators"}
    # The good post is checked almost entirely by the quick looks.
    taken = []
    real = forms_module._quick_clean

    def counting(field, data, name):
        taken.append(real(field, data, name) is not forms_module._SLOW)
        return real(field, data, name)

    with mock.patch.object(forms_module, "_quick_clean", counting):
        assert ReportForm(good).is_valid()
    assert sum(taken) >= 12, taken


def test_known_hashes_are_those_an_identifier_has(db, areas):
    """The worker's probe for identifiers seen before: each hash once, however many reports
    share it, and only those an identifier has."""
    report, _code = make_report(process=False)
    shared, other = "a" * 64, "b" * 64
    Identifier.objects.bulk_create(
        [Identifier(report=report, kind="phone", value_hash=shared, hint="…90") for _ in range(5)]
        + [Identifier(report=report, kind="phone", value_hash=other, hint="…91")]
    )
    assert prepared.known_hashes({shared, "c" * 64}) == {shared}
    assert prepared.known_hashes([other, shared, shared]) == {shared, other}
    assert prepared.known_hashes(set()) == set()
