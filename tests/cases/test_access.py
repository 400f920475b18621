"""Who sees what: relawan their own reports, focal points their agency's referrals, analysts
only aggregates; every read of a victim's record is audited."""

import pytest

from sigap.cases import referral_actions
from sigap.cases.access import cases_visible_to, referrals_visible_to, reports_visible_to
from sigap.cases.models import Referral
from sigap.people.models import AuditEvent, OrgType
from tests import personas
from tests.cases.conftest import make_case, make_report


def test_relawan_sees_only_their_own_reports(ketawanggede_relawan, terjun_ambassador, as_user):
    mine, _ = make_report(personas.KETAWANGGEDE, submitted_by=ketawanggede_relawan)
    theirs, _ = make_report(personas.TERJUN, submitted_by=terjun_ambassador)
    anonymous, _ = make_report(personas.KETAWANGGEDE)
    assert list(reports_visible_to(ketawanggede_relawan)) == [mine]
    client = as_user(ketawanggede_relawan)
    assert client.get(f"/laporan/{mine.pk}/").status_code == 200
    for other in (theirs, anonymous):
        assert client.get(f"/laporan/{other.pk}/").status_code == 404
    assert client.get("/laporan/999999/").status_code == 404
    assert b"K-0" not in client.get("/kasus/").content


def test_relawan_files_a_signed_report_with_area_prefilled(ketawanggede_relawan, as_user):
    client = as_user(ketawanggede_relawan)
    form = client.get("/laporan/baru/")
    assert personas.KETAWANGGEDE.encode() in form.content
    response = client.post(
        "/laporan/baru/",
        {
            "channel": "outreach",
            "area": personas.KETAWANGGEDE,
            "people_sex": "unknown",
            "what": "Mahasiswi ditawari magang ke luar negeri, paspor ditahan.",
        },
    )
    assert response.status_code == 302
    report = reports_visible_to(ketawanggede_relawan).get()
    assert report.submitted_by == ketawanggede_relawan and report.channel == "outreach"
    assert not report.is_anonymous and report.receipt_hash is None


def test_focal_point_sees_only_referrals_to_their_agency(
    medan_case_worker, uptd_focal_point, as_user
):
    case = make_case(medan_case_worker)
    uptd = personas.uptd_ppa_medan()
    polri = personas.organisation("Polrestabes Medan – Unit PPA", OrgType.POLRI_PPA, personas.MEDAN)
    to_uptd = referral_actions.case_refer(
        case=case, actor=medan_case_worker, organisation=uptd, service="shelter"
    )
    to_polri = referral_actions.case_refer(
        case=case, actor=medan_case_worker, organisation=polri, service="legal_aid"
    )
    assert list(referrals_visible_to(uptd_focal_point)) == [to_uptd]
    client = as_user(uptd_focal_point)
    assert client.get(f"/rujukan/{to_uptd.pk}/").status_code == 200
    assert client.get(f"/rujukan/{to_polri.pk}/").status_code == 404
    assert client.get(f"/kasus/{case.pk}/").status_code == 404
    assert not cases_visible_to(uptd_focal_point).exists()


def test_analyst_sees_only_aggregates(medan_case_worker, medan_analyst, as_user):
    case = make_case(medan_case_worker)
    report = case.reports.get()
    referral = referral_actions.case_refer(
        case=case,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    client = as_user(medan_analyst)
    for url in (
        f"/laporan/{report.pk}/",
        f"/kasus/{case.pk}/",
        f"/rujukan/{referral.pk}/",
        "/kasus/ekspor/htcds.csv",
    ):
        assert client.get(url).status_code == 404, url
    stats = client.get("/kasus/statistik/")
    assert stats.status_code == 200
    assert b"&lt;11" in stats.content
    assert b"Siti" not in stats.content


@pytest.mark.parametrize("path", ["/kasus/", "/laporan/", "/rujukan/"])
def test_outsider_sees_nothing(outsider, medan_case_worker, as_user, path):
    make_case(medan_case_worker)
    response = as_user(outsider).get(path)
    assert response.status_code == 200
    assert b"K-0" not in response.content and b"L-0" not in response.content


def test_malang_coordinator_cannot_see_medan(malang_coordinator, medan_case_worker, as_user):
    case = make_case(medan_case_worker)
    referral = referral_actions.case_refer(
        case=case,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    assert as_user(malang_coordinator).get(f"/rujukan/{referral.pk}/").status_code == 404


def test_every_read_of_a_victim_record_is_audited_on_pages(
    medan_case_worker, uptd_focal_point, as_user, victim
):
    case = victim.case
    page = as_user(medan_case_worker).get(f"/kasus/{case.pk}/")
    assert b"Siti" in page.content
    # One row per page view, naming the victims shown with the case.
    read = AuditEvent.objects.filter(action="personal.read", actor=medan_case_worker)
    assert read.count() == 1
    row = read.get()
    assert (row.object_type, row.object_id, row.reason) == ("case", str(case.pk), "case.view")
    assert row.detail == {"victims": [victim.pk]} and row.area_code == case.area_id
    referral = referral_actions.case_refer(
        case=case,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    as_user(uptd_focal_point).get(f"/rujukan/{referral.pk}/")
    read = AuditEvent.objects.filter(action="personal.read", actor=uptd_focal_point)
    assert read.count() == 1 and read.get().reason == "referral.view"
    assert read.get().detail == {"victims": [victim.pk]}


def test_report_and_attachment_reads_are_audited(medan_case_worker, as_user):
    report, _ = make_report()
    as_user(medan_case_worker).get(f"/laporan/{report.pk}/")
    assert AuditEvent.objects.filter(
        action="personal.read",
        object_type="report",
        object_id=str(report.pk),
        actor=medan_case_worker,
    ).exists()


def test_names_hidden_from_roles_that_do_not_need_them(medan_case_worker, victim):
    from sigap.cases.access import sees_names
    from tests.personas import medan_analyst

    assert sees_names(medan_case_worker, victim.case.area_id)
    assert not sees_names(medan_analyst(), victim.case.area_id)


def test_referral_page_404_same_for_missing_and_forbidden(uptd_focal_point, as_user):
    client = as_user(uptd_focal_point)
    assert client.get("/rujukan/424242/").status_code == 404
    assert Referral.objects.count() == 0
