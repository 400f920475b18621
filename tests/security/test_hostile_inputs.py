"""Hostile input over every public form, a sample of signed-in forms and API writes.

Each payload of the corpus is posted into every field of each form at once. Whatever comes
back: no server error, no script echoed unescaped, and no half-saved rows (a refused request
changes no table; an accepted report brings its identifiers and attachments, never those alone).
"""

import io

import pytest
from django.apps import apps
from django.test import Client

from sigap.cases.forms import ReceiptForm, ReportForm, SignedReportForm
from sigap.jobcheck.forms import CheckForm
from sigap.people.tokens import token_create
from tests.conftest import login

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('sigap')</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = [
    SCRIPT,
    IMG,
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "' OR '1'='1' --",
    "'; DROP TABLE cases_report; --",
    '" UNION SELECT password FROM people_user --',
    "%' AND 1=0 UNION ALL SELECT NULL --",
    "A" * (1024 * 1024),  # 1 MB
    "kerja " * 20_000,
    "\x00",
    "abc\x00def",
    "\u202egpj.exe",  # right-to-left override
    "مرحبا بالعالم עברית",
    "😀🇮🇩👩‍👩‍👧‍👦" * 50,
    "Z̷̢̛̛a̶̧͝l̴g̸o̵" * 100,
    "9" * 400,
    "-1",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "0",
    "true",
    "[]",
    "{}",
    "",
    " " * 5000,
    "../../../../etc/passwd",
    "{{ 7|add:7 }}{% debug %}",
    "${jndi:ldap://x/a}",
    "%00%0d%0aSet-Cookie: x=1",
    "\r\nX-Injected: 1",
    "+62 812-3456-7890" * 30,
    "12.71.12.1003",
    "99.99.99.9999",
]
INVALID_UTF8 = b"\xff\xfe\xfa\x80\xc3(\xed\xa0\x80"
HTML_AS_JPEG = b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>"
COUNTED = [
    "cases.Report",
    "cases.Attachment",
    "cases.Identifier",
    "cases.Message",
    "cases.Case",
    "jobcheck.Check",
]


@pytest.fixture(autouse=True)
def open_limits(settings, tmp_path):
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    cache.clear()
    settings.SIGAP_RATE_LIMITS = {name: [100_000, 60] for name in ("report", "receipt", "message")}
    settings.SIGAP_SCREENING_API_LIMIT = 100_000
    settings.MEDIA_ROOT = tmp_path / "media"


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def fields_of(form_class, **kwargs) -> list[str]:
    return list(form_class(**kwargs).fields)


class Tally:
    def __init__(self):
        self.sent, self.problems = 0, []

    def check(self, what: str, response, before: dict, *, accepted_report_ok=True):
        self.sent += 1
        after = counts()
        body = response.content.decode("utf-8", "replace")
        if response.status_code >= 500:
            self.problems.append(f"{what}: {response.status_code}")
        if SCRIPT in body or "<img src=x onerror" in body:
            self.problems.append(f"{what}: script echoed unescaped")
        changed = {k for k in after if after[k] != before[k]}
        report_added = after["cases.Report"] == before["cases.Report"] + 1
        if changed and not (accepted_report_ok and report_added):
            if changed - {"jobcheck.Check"}:
                self.problems.append(f"{what}: rows changed without a report: {changed}")

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems[:30])


def post_form(tally, client, url, field_names, payload, **extra):
    data = {name: payload for name in field_names}
    before = counts()
    response = client.post(url, data, **extra)
    tally.check(f"POST {url} {payload[:30]!r}", response, before)


def test_public_forms_take_the_corpus(client, areas):
    tally = Tally()
    forms = {
        "/lapor/": fields_of(ReportForm),
        "/status/": fields_of(ReceiptForm),
        "/cek-lowongan/": fields_of(CheckForm),
        "/akun/masuk/": ["username", "password"],
        "/program/pilih/": ["event_code", "personal_code"],
    }
    for url, names in forms.items():
        for payload in PAYLOADS:
            post_form(tally, client, url, names, payload)
        # A query string is input too.
        before = counts()
        tally.check(f"GET {url}?q=script", client.get(url, {"q": SCRIPT, "area": IMG}), before)
    tally.assert_clean()
    print(f"public forms: {tally.sent} hostile requests")
    assert tally.sent >= 5 * len(PAYLOADS)


def test_raw_bodies_missing_csrf_and_disguised_files(areas):
    tally = Tally()
    strict = Client(enforce_csrf_checks=True)
    for url in ("/lapor/", "/status/", "/cek-lowongan/", "/akun/masuk/", "/program/pilih/"):
        before = counts()
        response = strict.post(url, {"what": "tanpa token"})
        tally.check(f"no CSRF {url}", response, before, accepted_report_ok=False)
        assert response.status_code == 403, url
        for body, kind in [
            (INVALID_UTF8, "application/x-www-form-urlencoded"),
            (b"what=" + INVALID_UTF8, "application/x-www-form-urlencoded"),
            (INVALID_UTF8, "multipart/form-data; boundary=xx"),
            (b"\x00" * 2048, "text/plain"),
        ]:
            before = counts()
            tally.check(f"raw {url} {kind}", Client().generic("POST", url, body, kind), before)
    # A page that claims to be a photo, and a replayed report.
    client = Client()
    names = {name: "x" for name in fields_of(ReportForm)}
    names.update(area="12.71.12.1003", what="Tawaran kerja ke luar negeri tanpa dokumen resmi.")
    for filename in ("foto.jpg", "x.html", "x.svg", "..\\..\\x.jpg"):
        upload = io.BytesIO(HTML_AS_JPEG)
        upload.name = filename
        before = counts()
        tally.check(
            f"disguised {filename}",
            client.post("/lapor/", {**names, "attachments": upload}),
            before,
        )
    for _ in range(3):
        before = counts()
        tally.check("replay /lapor/", client.post("/lapor/", names), before)
    tally.assert_clean()
    print(f"raw bodies, CSRF, files, replays: {tally.sent} hostile requests")


def test_signed_in_forms_and_api_writes_take_the_corpus(client, medan_case_worker):
    tally = Tally()
    login(client, medan_case_worker)
    for payload in PAYLOADS:
        post_form(tally, client, "/laporan/baru/", fields_of(SignedReportForm), payload)
    _token, raw = token_create(user=medan_case_worker, name="uji")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    bodies = []
    for payload in PAYLOADS:
        bodies.append({"area": payload, "what": payload, "suspect": payload})
        bodies.append({"text": payload, "url": payload, "channel": payload})
    bodies += [[1, 2], "teks", 12, None, {"what": {"$gt": ""}}, {"area": ["12.71"], "what": 7}]
    for body in bodies:
        for url in ("/api/v1/reports", "/api/v1/screening"):
            before = counts()
            response = api.post(url, body, content_type="application/json")
            tally.check(f"API {url} {str(body)[:40]!r}", response, before)
    before = counts()
    tally.check(
        "API invalid UTF-8",
        api.generic("POST", "/api/v1/reports", INVALID_UTF8, "application/json"),
        before,
    )
    tally.assert_clean()
    print(f"signed-in forms and API writes: {tally.sent} hostile requests")


CASE_ROWS = ["cases.Victim", "cases.Perpetrator", "cases.TraffickingEvent", "cases.Task"]
CASE_ROWS += ["cases.CaseEvent"]


def case_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in CASE_ROWS}


def test_case_worker_forms_take_the_corpus(client, medan_case_worker):
    """A sample of the case page's forms: a refused write changes no row; an accepted one
    brings its timeline row with it."""
    from sigap.cases.writes import CASE_WRITES
    from tests.cases.conftest import make_case

    case = make_case(medan_case_worker)
    login(client, medan_case_worker)
    problems, sent = [], 0
    for action in ("victim", "perpetrator", "event", "task", "note"):
        names = list(CASE_WRITES[action].form(None, None, case).fields)
        for payload in PAYLOADS:
            before = case_counts()
            response = client.post(f"/kasus/{case.pk}/{action}/", dict.fromkeys(names, payload))
            sent += 1
            after = case_counts()
            body = response.content.decode("utf-8", "replace")
            what = f"{action} {payload[:30]!r} -> {response.status_code}"
            if response.status_code >= 500 or SCRIPT in body or "<img src=x onerror" in body:
                problems.append(what)
            changed = {k for k in after if after[k] != before[k]}
            if response.status_code != 302 and changed:
                problems.append(f"{what}: refused, yet rows changed: {changed}")
            if changed and "cases.CaseEvent" not in changed:
                problems.append(f"{what}: rows without their timeline event: {changed}")
    assert not problems, "\n".join(problems[:30])
    print(f"case worker forms: {sent} hostile requests")
