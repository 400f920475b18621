"""Staff notices by message: a one-time code links a chat, the staff member chooses the kinds,
and a notification of a chosen kind goes out as a message holding a reference and a link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.cases.models import Referral
from sigap.channels import staff
from sigap.channels.actions import contact_for
from sigap.channels.models import OutboundMessage
from sigap.notifications import actions
from sigap.notifications.actions import notify
from sigap.notifications.models import Delivery, LinkCode, MessageLink
from sigap.people.models import AuditEvent
from tests.conftest import login

pytestmark = pytest.mark.django_db

CHAT = "5550001111"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start ABCD2345", "ABCD2345"),
        ("HUBUNGKAN abcd-2345", "ABCD2345"),
        ("hubungkan ABCD 2345", "ABCD2345"),
        ("link ABCD2345", "ABCD2345"),
        ("HUBUNGKAN 123", ""),  # a link word with no code: answered, as invalid
        ("/start ABCD2340", ""),  # 0 is not in the alphabet
        ("/start", None),  # Telegram's hello: the conversation's
        ("halo", None),
        ("Dicari TKW ke Malaysia, gaji besar", None),
        ("", None),
    ],
)
def test_link_commands_are_recognised(text, expected):
    assert staff.link_code(text) == expected


@pytest.fixture
def chat(areas):
    return contact_for(channel="telegram", address=CHAT)


def test_a_code_links_the_chat_once(chat, uptd_focal_point):
    _row, code = actions.link_code_create(user=uptd_focal_point)
    answer = staff.link_from_text(chat, f"/start {code}")
    assert answer.startswith("Terhubung")
    link = MessageLink.objects.get(user=uptd_focal_point)
    assert (link.channel, link.address, link.is_linked) == ("telegram", CHAT, True)
    # Stored encrypted: the plain number matches nothing in the database.
    assert not MessageLink.objects.filter(address=CHAT).exists()
    assert "tidak berlaku" in staff.link_from_text(chat, f"/start {code}")  # single use


def test_a_code_is_stored_only_as_a_keyed_hash(uptd_focal_point):
    row, code = actions.link_code_create(user=uptd_focal_point)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert LinkCode.objects.filter(code_hash=actions.link_code_hash(code)).count() == 1


def test_an_expired_or_replaced_code_links_nothing(chat, uptd_focal_point):
    _row, old = actions.link_code_create(user=uptd_focal_point)
    _row, new = actions.link_code_create(user=uptd_focal_point)  # the old one stops working
    assert "tidak berlaku" in staff.link_from_text(chat, f"HUBUNGKAN {old}")
    LinkCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "tidak berlaku" in staff.link_from_text(chat, f"HUBUNGKAN {new}")
    assert not MessageLink.objects.filter(linked_at__isnull=False).exists()


def test_guessing_codes_is_stopped_after_a_few_tries(chat, uptd_focal_point):
    for _ in range(staff.MAX_TRIES):
        staff.link_from_text(chat, "HUBUNGKAN ABCD2345")
    _row, code = actions.link_code_create(user=uptd_focal_point)
    assert "Terlalu banyak" in staff.link_from_text(chat, f"HUBUNGKAN {code}")
    assert not MessageLink.objects.filter(user=uptd_focal_point).exists()


def test_an_english_chat_is_answered_in_english(chat, uptd_focal_point):
    chat.language = "en"
    _row, code = actions.link_code_create(user=uptd_focal_point)
    assert staff.link_from_text(chat, f"/start {code}").startswith("Linked")


def test_the_page_gives_a_code_saves_kinds_and_unlinks(client, chat, uptd_focal_point, settings):
    settings.SIGAP_TELEGRAM_BOT_USERNAME = "sigap_demo_bot"
    login(client, uptd_focal_point)
    page = client.get("/notifikasi/pesan/")
    assert "Belum terhubung" in page.text
    page = client.post("/notifikasi/pesan/kode/")
    code = page.context["code"]
    assert f"https://t.me/sigap_demo_bot?start={code}" in page.text
    assert f"HUBUNGKAN {code}" in page.text
    assert "/kanal/simulator/" not in page.text  # the simulator is off
    settings.SIGAP_CHANNEL_SIMULATOR = True
    page = client.post("/notifikasi/pesan/kode/")  # a new code: the first one stops working
    assert "/kanal/simulator/?kanal=telegram" in page.text
    assert "tidak berlaku" in staff.link_from_text(chat, f"/start {code}")
    staff.link_from_text(chat, f"/start {page.context['code']}")
    page = client.get("/notifikasi/pesan/")
    assert "Terhubung" in page.text and "•••111" in page.text and CHAT not in page.text
    client.post("/notifikasi/pesan/pilihan/", {"kinds": ["cases.referral", "alert.new"]})
    assert MessageLink.objects.get(user=uptd_focal_point).kinds == ["cases.referral", "alert.new"]
    client.post("/notifikasi/pesan/pilihan/", {"kinds": ["cases.nonsense"]})
    assert MessageLink.objects.get(user=uptd_focal_point).kinds == ["cases.referral", "alert.new"]
    client.post("/notifikasi/pesan/lepas/")
    actions_logged = AuditEvent.objects.filter(actor=uptd_focal_point, object_type="messagelink")
    assert sorted(actions_logged.values_list("action", flat=True)) == [
        "message_link.link",
        "message_link.unlink",
    ]
    link = MessageLink.objects.get(user=uptd_focal_point)
    assert (link.is_linked, link.address) == (False, "")
    assert link.kinds == ["cases.referral", "alert.new"]


def _linked(user, chat, kinds):
    _row, code = actions.link_code_create(user=user)
    staff.link_from_text(chat, f"/start {code}")
    actions.message_kinds_set(user=user, kinds=kinds)


def test_a_chosen_kind_goes_out_as_a_message_with_a_reference_and_a_link(
    chat, uptd_focal_point, chat_provider, drain, django_capture_on_commit_callbacks, settings
):
    _linked(uptd_focal_point, chat, ["cases.referral"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[uptd_focal_point], kind="cases.referral",
               subject="Rujukan baru RJK-0042 untuk lembaga Anda", link="/rujukan/42/")  # fmt: skip
    drain()
    path, body = chat_provider.requests[-1]
    assert path == f"/bot{settings.SIGAP_TELEGRAM_BOT_TOKEN}/sendMessage"
    assert body["chat_id"] == CHAT
    assert body["text"] == (
        "SIGAP: Rujukan baru RJK-0042 untuk lembaga Anda\nhttp://127.0.0.1:8000/rujukan/42/"
    )
    assert Delivery.objects.get(channel="message").status == Delivery.Status.SENT


def test_a_kind_not_chosen_or_a_stopped_chat_gets_nothing(
    chat, uptd_focal_point, medan_coordinator, chat_provider, drain,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    _linked(uptd_focal_point, chat, ["cases.referral"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[uptd_focal_point, medan_coordinator], kind="cases.overdue",
               subject="Rujukan RJK-0042 lewat tenggat", link="/rujukan/42/")  # fmt: skip
    drain()
    details = sorted(Delivery.objects.filter(channel="message").values_list("detail", flat=True))
    assert details == ["no chat linked", "not chosen for messages"]
    chat.stopped_at = timezone.now()
    chat.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[uptd_focal_point], kind="cases.referral",
               subject="Rujukan baru RJK-0043", link="/rujukan/43/")  # fmt: skip
    drain()
    assert chat_provider.requests == [] and not OutboundMessage.objects.exists()


def test_outside_whatsapps_window_a_notice_goes_out_as_its_template(
    uptd_focal_point, chat_provider, drain, django_capture_on_commit_callbacks
):
    number = "6281200004444"
    chat = contact_for(channel="whatsapp", address=number)
    _linked(uptd_focal_point, chat, ["cases.referral"])
    chat.last_inbound_at = timezone.now() - timedelta(hours=30)  # the window closed
    chat.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[uptd_focal_point], kind="cases.referral",
               subject="Rujukan baru R-000042 untuk lembaga Anda", link="/rujukan/42/",
               obj=Referral(pk=42))  # fmt: skip
    drain()
    path, body = chat_provider.requests[-1]
    assert path == "/v21.0/106540352242922/messages" and body["to"] == number
    assert body["type"] == "template"
    assert body["template"]["name"] == "sigap_rujukan_baru"
    parameters = body["template"]["components"][0]["parameters"]
    assert [p["text"] for p in parameters] == ["R-000042", "http://127.0.0.1:8000/rujukan/42/"]


def test_every_kind_a_person_may_choose_has_an_approved_template():
    from sigap.channels import templates
    from sigap.notifications.models import MESSAGE_KINDS

    assert set(staff.TEMPLATES) == set(MESSAGE_KINDS)
    for name in staff.TEMPLATES.values():
        assert templates.get(name).param_count == 2  # the reference and the link
