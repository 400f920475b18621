"""The warning run on a real database, alert pages, lifecycle, notifications and access."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.alerts import actions, evidence
from sigap.alerts.models import Alert, Kind, Status
from sigap.alerts.queries import alerts_visible_to, open_alerts_for
from sigap.cases.models import Identifier, Report
from sigap.notifications.models import Notification
from tests import personas

TERJUN = personas.TERJUN
RENGAS_PULAU = "12.71.12.1004"  # another kelurahan of Medan Marelan
BELAWAN = "12.71.13.1001"  # a kelurahan of Medan Belawan


def add_reports(area: str, per_week: list[int], now=None) -> list[Report]:
    """Reports in ``area``: per_week[-1] in the last complete week, earlier ones before it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    judged = today - timedelta(days=today.weekday() + 7)
    rows = []
    for back, n in enumerate(reversed(per_week)):
        monday = judged - timedelta(weeks=back)
        at = timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time()))
        rows += [
            Report(channel="web", area_id=area, what="uji", created_at=at + timedelta(hours=10 + i))
            for i in range(n)
        ]
    return Report.objects.bulk_create(rows)


def share(reports: list[Report], value_hash: str) -> None:
    Identifier.objects.bulk_create(
        [
            Identifier(report=r, kind="phone", value_hash=value_hash, hint="+6281•••890")
            for r in reports
        ]
    )


@pytest.fixture
def spike(areas):
    add_reports(TERJUN, [1, 2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 11])
    add_reports(RENGAS_PULAU, [1, 2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 2])
    actions.warning_run()
    return Alert.objects.get(area_id=TERJUN, kind=Kind.SPIKE)


def test_run_raises_one_spike_alert_in_the_kelurahan_and_none_in_its_quiet_neighbour(spike):
    assert spike.key == "reports" and spike.status == Status.NEW
    assert spike.facts["observed"] == 11
    assert not Alert.objects.filter(area_id=RENGAS_PULAU).exists()
    assert spike.counts[-1] == 11 and len(spike.counts) == 12


def test_a_second_run_joins_the_open_alert(spike):
    actions.warning_run()
    alerts = Alert.objects.filter(area_id=TERJUN, kind=Kind.SPIKE)
    assert alerts.count() == 1 and alerts.get().times_seen == 2


def test_evidence_in_indonesian_with_a_sparkline(spike, settings):
    from django.utils import translation

    with translation.override("id"):
        text = evidence.sentence(spike)
    assert text.startswith("11 laporan minggu ini; biasanya 1,6; ambang ")
    svg = evidence.sparkline(spike.counts)
    assert svg.startswith("<svg") and svg.count("<rect") == 12


def test_subscribers_are_notified_with_ids_and_links_only(spike, terjun_ambassador):
    # The ambassador was created after the run: a new run does not notify again ...
    actions.warning_run()
    assert not Notification.objects.filter(recipient=terjun_ambassador).exists()
    # ... but a new alert does.
    spike.status = Status.DONE
    spike.save()
    actions.warning_run()
    note = Notification.objects.get(recipient=terjun_ambassador)
    new = Alert.objects.get(area_id=TERJUN, kind=Kind.SPIKE, status=Status.NEW)
    assert note.link == reverse("alerts:detail", args=[new.pk])
    assert new.reference in note.subject


def test_network_of_three_reports_in_two_kecamatan(areas):
    reports = add_reports(TERJUN, [2]) + add_reports(BELAWAN, [1])
    share(reports, "a" * 64)
    actions.warning_run()
    alert = Alert.objects.get(kind=Kind.NETWORK)
    assert alert.area_id == "12.71"
    assert alert.facts["reports"] == 3 and alert.facts["kecamatan"] == 2
    assert {r[1] for r in alert.records} == {str(r.pk) for r in reports}


def test_kelurahan_user_sees_only_their_kelurahan(
    spike, terjun_ambassador, ketawanggede_relawan, medan_coordinator, as_user
):
    other = Alert.objects.create(
        area_id=RENGAS_PULAU, kind=Kind.SPIKE, key="reports", severity="sedang",
        cutoff=timezone.now(), first_seen_at=timezone.now(),
    )  # fmt: skip
    assert list(alerts_visible_to(terjun_ambassador)) == [spike]
    assert list(open_alerts_for(terjun_ambassador, "12.71")) == [spike]
    # The coordinator also sees the spike's echo in Medan Marelan and Kota Medan.
    assert {spike, other} <= set(alerts_visible_to(medan_coordinator))
    assert not alerts_visible_to(ketawanggede_relawan).exists()
    client = as_user(terjun_ambassador)
    assert client.get(reverse("alerts:detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("alerts:list"))
    assert spike.reference in page.text and other.reference not in page.text


def test_outsider_and_anonymous_see_nothing(spike, outsider, client):
    assert not alerts_visible_to(outsider).exists()
    response = client.get(reverse("alerts:detail", args=[spike.pk]))
    assert response.status_code == 302  # to sign-in


def test_coordinator_acknowledges_then_closes(spike, medan_coordinator, as_user):
    client = as_user(medan_coordinator)
    page = client.get(reverse("alerts:detail", args=[spike.pk]))
    assert "<svg" in page.text and "Acknowledge" in page.text or "Tindak" in page.text
    client.post(reverse("alerts:post", args=[spike.pk, "tindaklanjuti"]))
    spike.refresh_from_db()
    assert spike.status == Status.ACTING and spike.acted_by == medan_coordinator
    client.post(reverse("alerts:post", args=[spike.pk, "tutup"]), {"status": "diabaikan"})
    spike.refresh_from_db()
    assert spike.status == Status.ACTING  # dismissing needs a reason
    client.post(
        reverse("alerts:post", args=[spike.pk, "tutup"]),
        {"status": "diabaikan", "reason": "Acara bursa kerja resmi"},
    )
    spike.refresh_from_db()
    assert spike.status == Status.DISMISSED and spike.reason == "Acara bursa kerja resmi"


def test_ambassador_reads_but_cannot_act(spike, terjun_ambassador, as_user):
    client = as_user(terjun_ambassador)
    response = client.post(reverse("alerts:post", args=[spike.pk, "tindaklanjuti"]))
    assert response.status_code == 404
    spike.refresh_from_db()
    assert spike.status == Status.NEW


def test_run_now_enqueues_the_run(areas, medan_coordinator, terjun_ambassador, as_user):
    from sigap.tasks.worker import run_pending

    add_reports(TERJUN, [1, 2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 11])
    assert as_user(terjun_ambassador).post(reverse("alerts:run")).status_code == 403
    client = as_user(medan_coordinator)
    assert client.post(reverse("alerts:run")).status_code == 302
    run_pending()
    assert Alert.objects.filter(area_id=TERJUN, kind=Kind.SPIKE).exists()


def test_network_graph_masks_identifiers_and_links_only_what_the_viewer_may_open(
    areas, medan_case_worker, medan_coordinator, as_user
):
    reports = add_reports(TERJUN, [2]) + add_reports(BELAWAN, [1])
    share(reports, "b" * 64)
    actions.warning_run()
    alert = Alert.objects.get(kind=Kind.NETWORK)
    link = reverse("cases:report", args=[reports[0].pk])
    page = as_user(medan_case_worker).get(reverse("alerts:detail", args=[alert.pk])).text
    assert '<svg class="network"' in page and "+6281•••890" in page and link in page
    page = as_user(medan_coordinator).get(reverse("alerts:detail", args=[alert.pk])).text
    assert '<svg class="network"' in page and reports[0].reference in page
    assert link not in page  # a coordinator may not open reports


def test_weekly_counts_are_recounted_for_the_newest_weeks(areas):
    from sigap.alerts.models import WeeklyCount

    add_reports(TERJUN, [1, 2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 2])
    actions.warning_run()
    assert not Alert.objects.filter(area_id=TERJUN).exists()
    counted = WeeklyCount.objects.filter(kecamatan="12.71.12").order_by("week")
    assert [c.n for c in counted][-3:] == [1, 2, 2]
    add_reports(TERJUN, [9])  # reports of the judged week that came in after the first run
    actions.warning_run()
    assert counted.last().n == 11
    assert Alert.objects.filter(area_id=TERJUN, kind=Kind.SPIKE).exists()
