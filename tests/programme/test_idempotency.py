"""Exactly once on the programme's outbox forms (docs/offline.md): a replay returns the first
result and stores nothing new, the same id with other content is refused with 409, an edit of
an older version gets 409 with both versions, and the id is per user."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from sigap.programme import actions, submissions
from sigap.programme.models import (
    Attendance,
    ConditionReport,
    ConditionValue,
    Outreach,
    Participant,
    Submission,
)
from sigap.regions.models import Area
from tests import personas
from tests.conftest import login

pytestmark = pytest.mark.django_db

HEADER = "X-Sigap-Submission"


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def new_id(client, url) -> str:
    return hidden(client.get(url).content.decode(), "submission_id")


def photo(color=(200, 30, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(out, "PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


# Condition reports --------------------------------------------------------------------------


def _due(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'<option value="([0-9-]+)" selected>', page).group(1)


def _condition_data(programme, period, number=2, text="aman", **extra):
    data = {"period": period, "area": personas.KETAWANGGEDE, **extra}
    for i in programme.indicators.all():
        data[f"i{i.pk}"] = {"number": str(number), "yes_no": "no", "text": text}[i.kind]
    return data


@pytest.fixture
def filing(as_user, ketawanggede_relawan, malang_programme):
    client = as_user(ketawanggede_relawan)
    url = reverse("programme:condition_file", args=[malang_programme.pk])
    page = client.get(url).content.decode()
    data = _condition_data(
        malang_programme,
        _due(client, url),
        submission_id=hidden(page, "submission_id"),
        base_version=hidden(page, "base_version"),
    )
    return client, url, data


def test_condition_form_carries_the_protocol(filing):
    client, url, data = filing
    page = client.get(url).content.decode()
    assert 'data-outbox="condition"' in page
    assert re.search(
        r'data-outbox-title="Laporan kondisi Kelurahan Ketawanggede, \w+ 20\d\d"', page
    )
    assert re.fullmatch(r"[0-9a-f]{32}", data["submission_id"])
    assert data["base_version"] == "0"
    # Each page view starts a new draft.
    assert hidden(client.get(url).content.decode(), "submission_id") != data["submission_id"]


def test_condition_report_stored_once_and_replayed(filing):
    client, url, data = filing
    first = client.post(url, data)
    report = ConditionReport.objects.get()
    assert first.status_code == 302 and first[HEADER] == "stored"
    assert first["Location"] == reverse("programme:report", args=[report.pk])
    replay = client.post(url, data, follow=True)
    assert replay.redirect_chain == [(first["Location"], 303)]
    assert replay.redirect_chain and "Laporan kondisi sudah terkirim" in replay.content.decode()
    assert ConditionReport.objects.count() == 1 and Submission.objects.count() == 1
    assert ConditionReport.objects.get().version == 1  # the replay saved nothing
    again = client.post(url, data)
    assert again.status_code == 303 and again[HEADER] == "replayed"


def test_same_id_with_other_content_is_refused(filing, malang_programme):
    client, url, data = filing
    client.post(url, data)
    changed = {**data, **_condition_data(malang_programme, data["period"], number=7)}
    response = client.post(url, changed)
    page = response.content.decode()
    assert response.status_code == 409 and response[HEADER] == "conflict"
    assert "sudah terkirim" in page and 'id="outbox-stored"' in page
    assert "Ketawanggede" in page and ">2<" in page  # what is stored, not what was sent
    assert not ConditionValue.objects.filter(number=7).exists()
    assert ConditionReport.objects.get().version == 1


def test_invalid_input_keeps_the_same_id(filing, malang_programme):
    client, url, data = filing
    number = malang_programme.indicators.filter(kind="number").first()
    response = client.post(url, {**data, f"i{number.pk}": "banyak"})
    page = response.content.decode()
    assert response.status_code == 200 and hidden(page, "submission_id") == data["submission_id"]
    assert not ConditionReport.objects.exists() and not Submission.objects.exists()
    # Fixed and sent with the same id, it is stored.
    assert client.post(url, data)[HEADER] == "stored"


def _stale_setup(client, malang_programme, data):
    client.post(reverse("programme:condition_file", args=[malang_programme.pk]), data)
    report = ConditionReport.objects.get()
    edit = reverse("programme:condition_edit", args=[report.pk])
    page = client.get(edit).content.decode()
    assert hidden(page, "base_version") == "1"
    mine = {
        **_condition_data(malang_programme, data["period"], number=5, text="versi relawan"),
        "submission_id": hidden(page, "submission_id"),
        "base_version": "1",
    }
    # Meanwhile someone else corrects it (version 2).
    actions.condition_file(
        actor=None,
        programme=malang_programme,
        area=report.area,
        period_start=report.period_start,
        values={
            i.pk: (9 if i.kind == "number" else None)
            for i in malang_programme.indicators.filter(kind="number")
        },
        base_version=1,
    )
    return report, edit, mine


def test_stale_edit_shows_both_versions_and_keeping_mine_saves(filing, malang_programme):
    client, _url, data = filing
    report, edit, mine = _stale_setup(client, malang_programme, data)
    response = client.post(edit, mine)
    page = response.content.decode()
    assert response.status_code == 409 and response[HEADER] == "stale"
    assert "Simpan versi saya" in page and "Pakai versi di server" in page
    assert "<mark>5</mark>" in page and "<mark>9</mark>" in page  # theirs and ours, marked
    assert reverse("programme:report", args=[report.pk]) in page
    report.refresh_from_db()
    assert report.version == 2 and not ConditionValue.objects.filter(number=5).exists()
    # "Simpan versi saya" posts the same values, based on the current version.
    choice = page[page.index("data-outbox-choice") :]
    repost = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', choice))
    repost.pop("csrfmiddlewaretoken", None)
    assert repost["base_version"] == "2" and repost["submission_id"] == mine["submission_id"]
    saved = client.post(edit, repost)
    assert saved.status_code == 302 and saved[HEADER] == "stored"
    report.refresh_from_db()
    assert report.version == 3 and ConditionValue.objects.filter(report=report, number=5).exists()


def test_a_new_report_for_a_period_filed_meanwhile_is_stale(filing, malang_programme):
    client, url, data = filing
    actions.condition_file(
        actor=None,
        programme=malang_programme,
        area=Area.objects.get(code=personas.KETAWANGGEDE),
        period_start=date.fromisoformat(data["period"]),
        values={},
    )
    response = client.post(url, data)
    assert response.status_code == 409 and response[HEADER] == "stale"
    assert not ConditionValue.objects.exists()


def test_two_saves_based_on_the_same_version_cannot_both_win(malang_programme):
    area = Area.objects.get(code=personas.KETAWANGGEDE)
    kwargs = {"actor": None, "programme": malang_programme, "area": area}
    report = actions.condition_file(**kwargs, period_start=date(2026, 1, 1), values={})
    actions.condition_file(**kwargs, period_start=date(2026, 1, 1), values={}, base_version=1)
    with pytest.raises(submissions.Stale) as stale:
        actions.condition_file(**kwargs, period_start=date(2026, 1, 1), values={}, base_version=1)
    assert stale.value.current.pk == report.pk
    assert ConditionReport.objects.get().version == 2


def test_condition_access_unchanged(as_user, filing, malang_programme, areas):
    client, url, data = filing
    outsider = login(Client(), personas.outsider())
    assert outsider.post(url, data).status_code == 404
    assert not ConditionReport.objects.exists()
    client.post(url, data)
    report = ConditionReport.objects.get()
    # A relawan of another kelurahan cannot open or post the edit, nor replay into it.
    other = personas.person(
        "relawan_lain", role="relawan", area="35.73.03.1001", org=personas.lpa_malang()
    )
    edit = reverse("programme:condition_edit", args=[report.pk])
    assert login(Client(), other).post(edit, data).status_code == 404
    # Their own filing page refuses a kelurahan they do not hold, whatever the id says.
    refused = login(Client(), other).post(url, data)
    assert refused.status_code == 200 and "Ketawanggede" not in refused.content.decode()
    assert ConditionValue.objects.filter(report=report, number=2).exists()
    assert ConditionReport.objects.get().version == 1
    # A confirmed report is no longer editable.
    actions.condition_confirm(actor=None, report=report)
    assert client.get(edit).status_code == 404


# The ledger itself: the unique constraint decides ----------------------------------------------


def test_the_unique_constraint_decides_when_the_lookup_missed(ketawanggede_relawan):
    """Two requests that both looked before either stored: the second insert fails and finds
    the first instead of running the action again (the IntegrityError path)."""
    runs = []

    def action():
        runs.append(1)
        return None

    ids = {"user": ketawanggede_relawan, "key": "a" * 32, "kind": "outreach"}
    submissions.run_once(**ids, fingerprint="f1", action=action)
    with pytest.raises(submissions.Replay) as same:
        submissions.run_once(**ids, fingerprint="f1", action=action)
    with pytest.raises(submissions.Replay) as other:
        submissions.run_once(**ids, fingerprint="f2", action=action)
    assert runs == [1] and same.value.same and not other.value.same
    assert Submission.objects.count() == 1


def test_a_failed_action_leaves_the_id_free(ketawanggede_relawan):
    ids = {"user": ketawanggede_relawan, "key": "b" * 32, "kind": "outreach", "fingerprint": "f"}

    def fails():
        raise ValueError("boom")

    with pytest.raises(ValueError):
        submissions.run_once(**ids, action=fails)
    assert not Submission.objects.exists()
    assert submissions.run_once(**ids, action=lambda: "ok") == "ok"


# Outreach -----------------------------------------------------------------------------------


def _outreach_data(**extra):
    return {
        "held_on": "2026-03-12", "area": personas.TERJUN, "venue_type": "school",
        "children_f": 3, "children_m": 2, "youth_f": 0, "youth_m": 0, "adults_f": 0,
        "adults_m": 0, "topics": ["online_recruitment"], **extra,
    }  # fmt: skip


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}  # fmt: skip
    return tmp_path


def _stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def test_outreach_with_a_photo_is_stored_once(as_user, terjun_ambassador, medan_programme, media):
    client = as_user(terjun_ambassador)
    url = reverse("programme:outreach_log", args=[medan_programme.pk])
    page = client.get(url).content.decode()
    assert 'data-outbox="outreach"' in page and 'enctype="multipart/form-data"' in page
    key = hidden(page, "submission_id")
    first = client.post(url, _outreach_data(submission_id=key, photo=photo()))
    assert first.status_code == 302 and first[HEADER] == "stored"
    files_after_first = _stored_files(media)
    assert len(files_after_first) == 1 and Outreach.objects.get().photo
    replay = client.post(url, _outreach_data(submission_id=key, photo=photo()))
    assert replay.status_code == 303 and replay[HEADER] == "replayed"
    assert replay["Location"] == first["Location"]
    assert Outreach.objects.count() == 1 and _stored_files(media) == files_after_first
    # Another photo under the same id is other content.
    other = client.post(url, _outreach_data(submission_id=key, photo=photo((0, 0, 255))))
    assert other.status_code == 409 and other[HEADER] == "conflict"
    assert Outreach.objects.count() == 1 and _stored_files(media) == files_after_first


def test_outreach_ids_are_per_user(as_user, terjun_ambassador, medan_programme):
    url = reverse("programme:outreach_log", args=[medan_programme.pk])
    key = "c" * 32
    mine = as_user(terjun_ambassador).post(url, _outreach_data(submission_id=key))
    colleague = personas.person(
        "relawan_terjun", role="relawan", area=personas.TERJUN, org=personas.kesbangpol_medan()
    )
    theirs = login(Client(), colleague).post(url, _outreach_data(submission_id=key))
    assert mine[HEADER] == "stored" and theirs[HEADER] == "stored"
    assert sorted(Outreach.objects.values_list("logged_by__username", flat=True)) == [
        "duta_terjun",
        "relawan_terjun",
    ]


def test_outreach_stale_edit(as_user, terjun_ambassador, medan_programme, medan_coordinator):
    client = as_user(terjun_ambassador)
    client.post(reverse("programme:outreach_log", args=[medan_programme.pk]), _outreach_data())
    item = Outreach.objects.get()
    edit = reverse("programme:outreach_edit", args=[item.pk])
    page = client.get(edit).content.decode()
    assert 'data-outbox="outreach"' in page and hidden(page, "base_version") == "1"
    mine = _outreach_data(
        submission_id=hidden(page, "submission_id"), base_version="1", notes="versi duta"
    )
    actions.outreach_update(
        actor=medan_coordinator, outreach=item, base_version=1, notes="versi koordinator"
    )
    response = client.post(edit, mine)
    page = response.content.decode()
    assert response.status_code == 409 and response[HEADER] == "stale"
    assert "<mark>versi duta</mark>" in page and "<mark>versi koordinator</mark>" in page
    assert "Simpan versi saya" in page
    item.refresh_from_db()
    assert item.notes == "versi koordinator" and item.version == 2
    saved = client.post(edit, {**mine, "base_version": "2"})
    assert saved.status_code == 302 and saved[HEADER] == "stored"
    item.refresh_from_db()
    assert item.notes == "versi duta" and item.version == 3


def test_outreach_edit_is_for_its_author_or_a_manager(as_user, terjun_ambassador, medan_programme):
    as_user(terjun_ambassador).post(
        reverse("programme:outreach_log", args=[medan_programme.pk]), _outreach_data()
    )
    edit = reverse("programme:outreach_edit", args=[Outreach.objects.get().pk])
    colleague = personas.person(
        "relawan_terjun", role="relawan", area=personas.TERJUN, org=personas.kesbangpol_medan()
    )
    assert login(Client(), colleague).get(edit).status_code == 404
    assert login(Client(), personas.outsider()).get(edit).status_code == 404
    assert login(Client(), personas.medan_coordinator()).get(edit).status_code == 200


# Attendance and registration ----------------------------------------------------------------


def test_attendance_replayed_and_conflict(as_user, medan_coordinator, terjun_event):
    client = as_user(medan_coordinator)
    url = reverse("programme:attendance", args=[terjun_event.pk])
    page = client.get(url).content.decode()
    assert 'data-outbox="attendance"' in page
    ani, budi, _citra = terjun_event.participants.order_by("number")
    data = {"submission_id": hidden(page, "submission_id"), "day1": [ani.pk, budi.pk]}
    first = client.post(url, data)
    assert first.status_code == 302 and first[HEADER] == "stored"
    # Changed on the server after the first post: a replay does not set it back.
    actions.attendance_set(actor=None, event=terjun_event, marks={1: {ani.pk}})
    replay = client.post(url, data)
    assert replay.status_code == 303 and replay[HEADER] == "replayed"
    assert list(Attendance.objects.values_list("participant", flat=True)) == [ani.pk]
    other = client.post(url, {**data, "day1": [budi.pk]})
    assert other.status_code == 409 and other[HEADER] == "conflict"
    assert list(Attendance.objects.values_list("participant", flat=True)) == [ani.pk]


def test_registration_replayed_once(as_user, medan_coordinator, terjun_event):
    client = as_user(medan_coordinator)
    url = reverse("programme:participant_add", args=[terjun_event.pk]) + "?pintu=1"
    page = client.get(url).content.decode()
    assert 'data-outbox="registration"' in page
    data = {"submission_id": hidden(page, "submission_id"), "name": "Dewi (Demo)", "sex": "p",
            "phone": "0812-1111-2222", "at_door": "on", "again": "1"}  # fmt: skip
    first = client.post(url, data)
    assert first.status_code == 302 and first[HEADER] == "stored"
    replay = client.post(url, data, follow=True)
    assert replay.redirect_chain[0] == (first["Location"], 303)
    assert "Peserta no. 4 terdaftar" in replay.content.decode()
    assert Participant.objects.filter(name="Dewi (Demo)").count() == 1
    other = client.post(url, {**data, "name": "Eka (Demo)"})
    assert other.status_code == 409 and "Dewi (Demo)" in other.content.decode()
    assert not Participant.objects.filter(name="Eka (Demo)").exists()


def test_registration_needs_a_manager(terjun_event, terjun_ambassador):
    client = login(Client(), terjun_ambassador)
    url = reverse("programme:participant_add", args=[terjun_event.pk])
    data = {"submission_id": "d" * 32, "name": "Fajar (Demo)", "sex": "l"}
    assert client.post(url, data).status_code == 404
    assert not Submission.objects.exists()


def test_the_edit_pages_are_linked_where_they_apply(filing, malang_programme):
    client, url, data = filing
    client.post(url, data)
    report = ConditionReport.objects.get()
    edit = reverse("programme:condition_edit", args=[report.pk])
    assert edit in client.get(reverse("programme:report", args=[report.pk])).content.decode()
    actions.condition_confirm(actor=None, report=report)
    assert edit not in client.get(reverse("programme:report", args=[report.pk])).content.decode()


def test_my_outreach_sessions_link_to_their_edit_page(as_user, terjun_ambassador, medan_programme):
    client = as_user(terjun_ambassador)
    client.post(reverse("programme:outreach_log", args=[medan_programme.pk]), _outreach_data())
    edit = reverse("programme:outreach_edit", args=[Outreach.objects.get().pk])
    assert edit in client.get(reverse("programme:mine")).content.decode()
