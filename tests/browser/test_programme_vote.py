"""Issue 18 acceptance (Medan): a sosialisasi where 12 participants nominate and vote from their
phones, the facilitator enters one paper tally, and the result sheet combines votes and rubric."""

from datetime import date

import pytest

from sigap.programme import actions
from sigap.programme.models import Nomination
from sigap.regions.models import Area
from tests import personas
from tests.browser.conftest import PHONE
from tests.browser.test_programme_medan import sign_in, with_totp
from tests.programme.conftest import make_medan_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAMES = [
    "Ani", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kiki",
    "Lina", "Maya", "Nanda", "Oki",
]  # fmt: skip


def _event():
    programme = make_medan_programme()
    for name in ("Pengetahuan TPPO", "Kemampuan berkomunikasi"):
        actions.criterion_add(actor=None, programme=programme, name=name, max_score=5)
    event = actions.event_create(
        actor=None,
        programme=programme,
        kind="sosialisasi",
        title="Diskusi Partisipatif Pembentukan Duta Anti Trafficking",
        area=Area.objects.get(code=personas.TERJUN),
        venue="Kantor Lurah Terjun",
        starts_on=date.today(),
        days=1,
    )
    for i, name in enumerate(NAMES):
        actions.participant_register(
            actor=None, event=event, name=f"{name} (Demo)", sex="p" if i % 2 else "l"
        )
    return programme, event


def _phone(new_page, code, personal):
    page = new_page(viewport=PHONE)
    page.goto(f"/program/pilih/?kode={code}")
    page.fill("#id_personal_code", personal)
    page.click("text=Lanjut")
    page.wait_for_selector("text=Anda peserta nomor")
    return page


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_twelve_phones_and_a_paper_tally_elect_the_ambassadors(new_page, shot):
    coordinator = personas.medan_coordinator()
    secret = with_totp(coordinator)
    programme, event = _event()

    desk = new_page()
    sign_in(desk, coordinator.username, secret=secret)
    desk.goto(f"/program/kegiatan/{event.pk}/seleksi/")
    desk.fill("#id_rubric_weight", "40")
    desk.click("text=Buka nominasi oleh peserta")
    code = desk.inner_text("[data-event-code]")
    desk.click("text=Cetak kertas kode")
    slips = {
        int(el.get_attribute("data-personal-code")): el.inner_text()
        for el in desk.locator("[data-personal-code]").all()
    }
    assert len(slips) == 15 and code in desk.content()
    shot(desk, "code-slips")

    # Twelve phones: nominations first (Budi 6 times, Eka 3, Hadi 3).
    nominee = {**dict.fromkeys(range(1, 7), 2), **dict.fromkeys(range(7, 10), 5)}
    nominee.update(dict.fromkeys(range(10, 13), 8))
    for number in range(1, 13):
        phone = _phone(new_page, code, slips[number])
        phone.check(f"input[name=candidate][value='{nominee[number]}']")
        phone.click("button[value=nominate]")
        phone.wait_for_selector("text=Nominasi Anda sudah dicatat")
        if number == 1:
            _no_sideways_scroll(phone)
            shot(phone, "phone-nominate")
        phone.context.close()
    # The nominees answer on their own phones: Budi and Eka accept, Hadi declines.
    for number, button in ((2, "accept"), (5, "accept"), (8, "decline")):
        phone = _phone(new_page, code, slips[number])
        phone.click(f"button[value={button}]")
        phone.wait_for_selector("text=Jawaban Anda sudah dicatat")
        phone.context.close()

    desk.goto(f"/program/kegiatan/{event.pk}/seleksi/")
    desk.click("text=Tutup nominasi dan buka pemungutan suara")
    desk.wait_for_selector("text=Pemungutan suara dibuka")
    budi = Nomination.objects.get(participant__event=event, participant__number=2)
    eka = Nomination.objects.get(participant__event=event, participant__number=5)

    # The vote: 7 for Budi, 5 for Eka; a second vote is refused.
    for number in range(1, 13):
        phone = _phone(new_page, code, slips[number])
        choice = budi if number <= 7 else eka
        phone.check(f"input[name=candidate][value='{choice.pk}']")
        phone.click("button[value=vote]")
        phone.wait_for_selector("text=Suara Anda sudah dicatat")
        if number == 12:
            _no_sideways_scroll(phone)
            shot(phone, "phone-voted")
            again = _phone(new_page, code, slips[number])
            assert again.locator("button[value=vote]").count() == 0
        phone.context.close()

    # Participants 13–15 voted on paper: 1 for Budi, 2 for Eka.
    desk.click("text=Isi rekap suara kertas")
    desk.fill("#id_voters", "13, 14 15")
    desk.fill(f"#id_n{budi.pk}", "1")
    desk.fill(f"#id_n{eka.pk}", "2")
    desk.click("button[name=save]")
    desk.wait_for_selector("text=Rekap suara kertas sudah diisi")
    # The rubric: Eka scores higher (10 of 10) than Budi (6 of 10).
    c1, c2 = programme.criteria.all()
    actions.nomination_score(actor=None, nomination=budi, values={c1.pk: 3, c2.pk: 3})
    actions.nomination_score(actor=None, nomination=eka, values={c1.pk: 5, c2.pk: 5})
    desk.click("text=Tutup pemungutan suara")
    desk.wait_for_selector("text=Ditutup")
    shot(desk, "selection")

    desk.click("a.button:has-text('Lembar hasil')")
    desk.wait_for_url("**/seleksi/hasil/")
    rows = desk.locator("tbody tr")
    # Budi: 0.4 × 60 + 0.6 × 100 = 84.0; Eka: 0.4 × 100 + 0.6 × 7/8 × 100 = 92.5.
    assert "Eka (Demo)" in rows.nth(0).inner_text() and "92,5" in rows.nth(0).inner_text()
    assert "Budi (Demo)" in rows.nth(1).inner_text() and "84,0" in rows.nth(1).inner_text()
    assert "7 + 1 = 8" in rows.nth(1).inner_text()
    assert "12 memilih lewat ponsel, 3 di kertas" in desk.content()
    assert "40%" in desk.inner_text("[data-rule]")
    shot(desk, "result-sheet")
    with desk.expect_download() as download:
        desk.click("text=XLSX")
    assert download.value.suggested_filename == f"hasil-seleksi-{event.pk}.xlsx"
