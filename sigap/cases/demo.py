"""A little fictional case work for the Medan demo, on top of ``sigap.demo.load_people``.

Three anonymous reports (two share a recruiter's phone number, written differently, in two
kecamatan), one triaged into a case with a victim, consent and a referral to UPTD PPA. Every
person is fictional and named "(Demo)". Idempotent: demo reports are rebuilt each time.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from sigap.cases import actions, referral_actions
from sigap.cases.choices import Channel, TraffickingStatus
from sigap.cases.htcds.actions import case_update_htcds
from sigap.cases.models import Case, Referral, Report
from sigap.people.models import Organisation
from sigap.regions.models import Area

DEMO_TAG = "(Demo)"
TERJUN, LABUHAN_KEL = "12.71.12.1003", "12.71.13.1001"
REPORTS = [
    (TERJUN, "0812-3456-7890", "KH", ["deception", "tourist_visa", "too_good"],
     "(Demo) Anak tetangga ditawari kerja admin di Kamboja lewat Facebook, gaji 15 juta."),
    (LABUHAN_KEL, "+62 812 3456 7890", "KH", ["documents", "debt"],
     "(Demo) Pemuda berangkat ke Kamboja, paspornya ditahan agen dan disuruh bayar utang."),
    (TERJUN, "t.me/loker_malaysia_demo", "MY", ["upfront_fee"],
     "(Demo) Lowongan pabrik di Malaysia, harus bayar biaya pendaftaran 5 juta."),
]  # fmt: skip


@transaction.atomic
def load_cases() -> int:
    # Narratives are encrypted, so demo rows are found by decrypting, not by a filter.
    demo_ids = [r.pk for r in Report.objects.all() if r.what.startswith(DEMO_TAG)]
    # Referrals protect the consent they rest on, so they go first.
    Referral.objects.filter(case__reports__pk__in=demo_ids).delete()
    Case.objects.filter(reports__pk__in=demo_ids).delete()
    Report.objects.filter(pk__in=demo_ids).delete()
    reports = [_report(*row) for row in REPORTS]
    actions.reports_process()  # what the background worker does moments after each report
    worker = get_user_model().objects.filter(username="pekerja.kasus.medan").first()
    if worker is not None:
        _case(reports[0], worker)
    return len(reports)


def _report(area, contact, country, indicators, what):
    report, _code = actions.report_submit(
        data={
            "area": Area.objects.get(code=area),
            "what": what,
            "suspect_identifiers": contact,
            "destination_country": country,
            "indicators": indicators,
            "recruitment_apps": ["Facebook"],
        },
        channel=Channel.WEB,
    )
    return report


def _case(report, worker):
    actions.report_triage(report=report, actor=worker, decision=TraffickingStatus.POSSIBLE)
    case = actions.case_open(report=report, actor=worker)
    actions.case_update_details(
        case=case,
        actor=worker,
        exploitation_types=["ForcedCriminalityOnlineScam", "ForcedLabour"],
        methods_of_control=["WithholdsDocuments", "DebtBondage"],
        recruitment_methods=["ThroughOnlineSocialNetworks"],
    )
    case_update_htcds(
        case=case,
        actor=worker,
        status_decided_by="NGO",
        recruitment_area=Area.objects.get(code=TERJUN),
        exploitation_country="KH",
        forced_labour_industry="J_InformationAndCommunication",
        vulnerabilities=["Poverty", "Migration"],
        vulnerability_details="(Demo) Lulus SMA, belum bekerja, keluarga berutang.",
    )
    victim = actions.victim_add(
        case=case, actor=worker, first_name="Rina (Demo)", birth_year=2001, gender="Feminine"
    )
    referral_actions.consent_record(
        case=case, victim=victim, actor=worker, given_by="victim",
        for_services=True, for_disclosure=True,
    )  # fmt: skip
    uptd = Organisation.objects.filter(name="UPTD PPA Kota Medan").first()
    if uptd is not None:
        referral_actions.case_refer(case=case, actor=worker, organisation=uptd, service="shelter")
