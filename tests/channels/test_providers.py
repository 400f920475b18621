"""Courier-style tables of outbound sends: what the (fake) provider received, what it answered,
and what became of the message (sent, put back for later, failed for good, retried)."""

from datetime import timedelta
from typing import NamedTuple

import pytest
from django.utils import timezone

from sigap.channels import outbound
from sigap.channels.models import Contact, OutboundMessage
from sigap.channels.transports import TransportError
from tests.channels.conftest import SMS_KEY, SMS_USER, TG_TOKEN, WA_TOKEN

pytestmark = pytest.mark.django_db

WA, TG, SMS = "6281234567890", "555000111", "6285218761111"
ADDRESSES = {"whatsapp": WA, "telegram": TG, "sms": SMS}
WA_PATH = "/v21.0/106540352242922/messages"
TG_PATH = f"/bot{TG_TOKEN}/sendMessage"


def wa_text(text: str) -> dict:
    return {"messaging_product": "whatsapp", "to": WA, "type": "text"} | {
        "text": {"body": text, "preview_url": False}
    }


def wa_template(name: str, language: str = "id", params=()) -> dict:
    template = {"name": name, "language": {"code": language}}
    if params:
        template["components"] = [
            {"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}
        ]
    return {"messaging_product": "whatsapp", "to": WA, "type": "template", "template": template}


def sms_form(text: str, ref: str = "{ref}", dcs: str = "0") -> dict:
    return {"userid": SMS_USER, "password": SMS_KEY, "sendto": SMS, "original": "93456"} | {
        "messageid": ref,
        "message": text,
        "dcs": dcs,
        "udhl": "0",
    }


STAFF = {"template": "sigap_rujukan_baru", "params": ["RJK-2026-0042", "https://sigap.id/r/42"]}


class Case(NamedTuple):
    """One send: the contact (channel, hours since it last wrote, None: never; language),
    queue_text's keywords, the provider's answers, the requests it must receive (path, body),
    and what the message became (status, template that went out, error, put back for later)."""

    label: str
    channel: str
    requests: list
    hours: float | None = None
    language: str = "id"
    keywords: dict = {}
    answers: list = []
    status: str = "sent"
    template: str = ""
    error: str = ""
    later: bool = False


TEXT = [(WA_PATH, wa_text("Halo"))]
NEW = [(WA_PATH, wa_template("sigap_pesan_baru"))]
TG_TEXT = [(TG_PATH, {"chat_id": TG, "text": "Halo"})]
CASES = [
    Case("whatsapp: free text inside the window", "whatsapp", TEXT, hours=1),
    Case(
        "whatsapp: outside the window, the resident's new-message template",
        "whatsapp", NEW, hours=30, template="sigap_pesan_baru",
    ),
    Case(
        "whatsapp: never wrote, a staff notice as its template with reference and link",
        "whatsapp", [(WA_PATH, wa_template("sigap_rujukan_baru", "id", STAFF["params"]))],
        keywords=STAFF, template="sigap_rujukan_baru",
    ),
    Case(
        "whatsapp: a staff notice inside the window goes as text",
        "whatsapp", TEXT, hours=2, keywords=STAFF,
    ),
    Case(
        "whatsapp: outside the window in English",
        "whatsapp", [(WA_PATH, wa_template("sigap_pesan_baru", "en"))],
        hours=48, language="en", template="sigap_pesan_baru",
    ),
    Case(
        "whatsapp: Meta says the window closed (131047): the template at once",
        "whatsapp", TEXT + NEW, hours=23, answers=[(400, "whatsapp_send_window_closed.json")],
        template="sigap_pesan_baru",
    ),
    Case(
        "whatsapp: HTTP 429 rate limit hit (130429)",
        "whatsapp", TEXT, hours=1, answers=[(429, "whatsapp_send_throttled.json")],
        status="queued", error="code 130429", later=True,
    ),
    Case(
        "whatsapp: pair rate limit (131056)",
        "whatsapp", TEXT, hours=1, answers=[(400, "whatsapp_send_pair_limit.json")],
        status="queued", error="code 131056", later=True,
    ),
    Case(
        "whatsapp: account rate limit (80007)",
        "whatsapp", TEXT, hours=1, answers=[(400, "whatsapp_send_account_limit.json")],
        status="queued", error="code 80007", later=True,
    ),
    Case(
        "whatsapp: undeliverable number (131026) fails for good",
        "whatsapp", TEXT, hours=1, answers=[(400, "whatsapp_send_undeliverable.json")],
        status="failed", error="code 131026",
    ),
    Case(
        "whatsapp: a template Meta does not know (132001) fails for good",
        "whatsapp", NEW, answers=[(404, "whatsapp_send_template_missing.json")],
        status="failed", error="code 132001",
    ),
    Case("telegram: a text", "telegram", TG_TEXT),
    Case(
        "telegram: 429 with retry_after",
        "telegram", TG_TEXT, answers=[(429, "telegram_send_throttled.json")],
        status="queued", error="HTTP 429", later=True,
    ),
    Case(
        "telegram: the resident blocked the bot (403) fails for good",
        "telegram", TG_TEXT, answers=[(403, "telegram_send_blocked.json")],
        status="failed", error="HTTP 403",
    ),
    Case(
        "telegram: chat not found (400) fails for good",
        "telegram", TG_TEXT, answers=[(400, "telegram_send_chat_not_found.json")],
        status="failed", error="HTTP 400",
    ),
    Case("sms: one message", "sms", [("/sms/send", sms_form("Halo"))]),
    Case(
        "sms: the gateway throttles (429)",
        "sms", [("/sms/send", sms_form("Halo"))], answers=[(429, "sms_send_ok.txt")],
        status="queued", error="HTTP 429", later=True,
    ),
]  # fmt: skip

# Failures a retry may mend: the message fails and the error is raised for the task to retry.
RETRIED = [
    ("whatsapp: token expired (401)", "whatsapp", [(401, "whatsapp_send_token_expired.json")]),
    ("whatsapp: server error", "whatsapp", [(500, "whatsapp_send_server_error.json")]),
    ("telegram: bad token (401)", "telegram", [(401, "telegram_send_unauthorized.json")]),
    ("sms: authentication refused (001)", "sms", [(200, "sms_send_auth.txt")]),
    ("sms: account expired (101)", "sms", [(200, "sms_send_invalid.txt")]),
]


def make_contact(channel: str, hours_ago, language: str = "id") -> Contact:
    last = None if hours_ago is None else timezone.now() - timedelta(hours=hours_ago)
    return Contact.objects.create(
        channel=channel,
        address=ADDRESSES[channel],
        address_hash=f"hash-{channel}",
        language=language,
        last_inbound_at=last,
    )


def queued(channel, hours_ago=None, language="id", text="Halo", **keywords) -> OutboundMessage:
    return outbound.queue_text(make_contact(channel, hours_ago, language), text, **keywords)


@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
def test_sends_and_answers(provider, django_capture_on_commit_callbacks, case):
    message = queued(case.channel, case.hours, case.language, **case.keywords)
    provider.answers = list(case.answers)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert outbound.send(outbound_id=message.pk) == case.status
    ref = f"sigap-{message.pk}"
    received = [(path, body) for path, body, _headers in provider.requests]
    expected = [
        (path, {k: v.format(ref=ref) if isinstance(v, str) else v for k, v in body.items()})
        for path, body in case.requests
    ]
    assert received == expected
    message.refresh_from_db()
    assert (message.status, message.attempts) == (case.status, 1)
    assert case.error in message.error if case.error else message.error == ""
    if case.status == "sent":
        assert message.template == case.template and message.sent_at is not None
        ids = {"whatsapp": "wamid.OUTBOUND0001", "telegram": "44", "sms": ref}
        assert message.provider_id == ids[case.channel]
    assert (message.not_before is not None) == case.later
    assert len(callbacks) == (1 if case.later else 0)  # the retry, enqueued after commit


@pytest.mark.parametrize(
    ("channel", "answers"), [c[1:] for c in RETRIED], ids=[c[0] for c in RETRIED]
)
def test_failures_a_retry_may_mend_are_raised_for_the_task(provider, channel, answers):
    message = queued(channel)
    provider.answers = list(answers)
    with pytest.raises(TransportError) as caught:
        outbound.send(outbound_id=message.pk)
    assert not caught.value.permanent and not caught.value.throttled
    message.refresh_from_db()
    assert (message.status, message.attempts, message.not_before) == ("failed", 1, None)
    provider.answers = []
    assert outbound.send(outbound_id=message.pk) == "sent"  # the task's retry


def test_the_whatsapp_request_carries_the_token_and_json(provider):
    outbound.send(outbound_id=queued("whatsapp", 1).pk)
    ((_path, _body, headers),) = provider.requests
    assert headers["Authorization"] == f"Bearer {WA_TOKEN}"
    assert headers["Content-Type"] == "application/json"


def test_the_sms_gateway_gets_a_form_with_nothing_in_the_url(provider):
    outbound.send(outbound_id=queued("sms").pk)
    ((path, _body, headers),) = provider.requests
    assert path == "/sms/send"  # neither the key nor the number in the address
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_a_long_sms_goes_as_numbered_parts(provider):
    text = " ".join(["Lowongan ini berisiko tinggi karena meminta biaya."] * 7)
    message = queued("sms", text=text)
    outbound.send(outbound_id=message.pk)
    forms = [body for _path, body, _headers in provider.requests]
    assert [f["messageid"] for f in forms] == [
        f"sigap-{message.pk}",
        f"sigap-{message.pk}.2",
        f"sigap-{message.pk}.3",
    ]
    assert all(len(f["message"]) <= 160 and f["dcs"] == "0" for f in forms)
    assert " ".join(f["message"] for f in forms) == text


def test_an_sms_that_needs_unicode_goes_as_ucs2_parts(provider):
    outbound.send(outbound_id=queued("sms", text="Terima kasih 🙏 " * 6).pk)
    forms = [body for _path, body, _headers in provider.requests]
    assert len(forms) == 2 and all(f["dcs"] == "8" and len(f["message"]) <= 70 for f in forms)
