"""The three HTCDS 2.0 export profiles, one row per victim (docs/cases.md maps each column):

* ``TRANSFER``: the full record, personal fields included, for a receiving agency;
* ``DEIDENTIFIED``: every core field that identifies no one;
* the public release (``kanon.public_release``): de-identified rows made k-anonymous.

Dates are the calendar dates of the case's area (WIB, WITA or WIT), not UTC's."""

import csv

from django.db.models import Prefetch

from sigap.cases import choices as c
from sigap.cases.htcds.columns import COLUMNS, MULTI, local_date
from sigap.cases.models import Consent, Referral, Victim

DEIDENTIFIED = [
    "prs_Gender",
    "prs_Citizenship",
    "vic_AgreementToManagePersonalData",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_AgeWhenTrafficked",
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "vic_Vulnerabilities",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReasonForIncomingReferral",
    "cas_ReferredOrganisation",
    "cas_ReasonForOutgoingReferral",
    "cas_OutgoingReferralDate",
    "hte_Country",
    "hte_State",
    "con_Consent",
]
TRANSFER = [
    "prs_FirstName",
    "prs_SecondName",
    "prs_IdentityNumber",
    "prs_MobilePhone",
    "prs_MailingStreet",
    *DEIDENTIFIED,
    "vic_DetailsOfVulnerabilities",
    "cas_ReasonForCaseClosure",
    "cas_IncomingReferralDetails",
    "cas_OutgoingReferralDetails",
]
PROFILES = {"transfer": TRANSFER, "deidentified": DEIDENTIFIED}
assert not any(COLUMNS[name].personal for name in DEIDENTIFIED)

# Encrypted columns the de-identified profile never reads (nor decrypts).
_PERSONAL_FIELDS = [
    "first_name",
    "second_name",
    "nik",
    "phone",
    "address",
    "case__summary",
    "case__closure_reason",
    "case__vulnerability_details",
    "case__referred_in_details",
]


def _multi(values) -> str:
    return MULTI.join(values or [])


def _exploitation(values: list[str]) -> str:
    mapped = ["Other" if v in c.NON_HTCDS_EXPLOITATION else v for v in values or []]
    return MULTI.join(dict.fromkeys(mapped))


def _place(area_id, country: str) -> str:
    """A place is a SIGAP area code inside Indonesia, else an ISO 3166 country code."""
    return area_id or country or ""


def _date(value) -> str:
    return value.isoformat() if value else ""


def victim_row(victim: Victim, *, personal: bool) -> dict:
    """Every column of the profile for one victim; ``personal`` adds the transfer's fields."""
    case = victim.case
    consents = [k for k in victim.consents.all() if k.withdrawn_at is None]
    referral = min(case.referrals.all(), key=lambda r: (r.created_at, r.pk), default=None)
    row = {
        "prs_Gender": victim.gender,
        "prs_Citizenship": victim.citizenship,
        "vic_AgreementToManagePersonalData": bool(consents),
        "vic_TraffickingStatus": victim.trafficking_status,
        "vic_TraffickingStatusDecisionMakingOrg": case.status_decided_by,
        "vic_AgeWhenTrafficked": age_when_trafficked(victim, case),
        "vic_RecruitmentWebsitesAndApps": _multi(case.recruitment_apps),
        "vic_MethodOfRecruitment": _multi(case.recruitment_methods),
        "vic_LocationOfRecruitment": _place(case.recruitment_area_id, case.recruitment_country),
        "vic_MethodsOfControl": _multi(case.methods_of_control),
        "vic_TypeOfExploitation": _exploitation(case.exploitation_types),
        "vic_ForcedLabourIndustry": case.forced_labour_industry,
        "vic_TypeOfSexExploitation": _multi(case.sex_exploitation_types),
        "vic_LocationOfExploitation": _place(case.exploitation_area_id, case.exploitation_country),
        "vic_Vulnerabilities": _multi(case.vulnerabilities),
        "cas_Status": c.HTCDS_CASE_STATUS[case.status],
        "cas_ReferringOrganisation": case.referred_in_by,
        "cas_IncomingReferralDate": _date(case.referred_in_on),
        "cas_ReasonForIncomingReferral": case.referred_in_reason,
        "cas_ReferredOrganisation": referral.organisation.name if referral else "",
        "cas_ReasonForOutgoingReferral": referral.reason if referral else "",
        "cas_OutgoingReferralDate": _date(
            local_date(referral.created_at, case.area_id) if referral else None
        ),
        "hte_Country": case.destination_country,
        "hte_State": case.area_id[:2],
        "con_Consent": any(k.allows_referral for k in consents),
    }
    if personal:
        row.update(
            {
                "prs_FirstName": victim.first_name,
                "prs_SecondName": victim.second_name,
                "prs_IdentityNumber": victim.nik,
                "prs_MobilePhone": victim.phone,
                "prs_MailingStreet": victim.address,
                "vic_DetailsOfVulnerabilities": case.vulnerability_details,
                "cas_ReasonForCaseClosure": case.closure_reason,
                "cas_IncomingReferralDetails": case.referred_in_details,
                "cas_OutgoingReferralDetails": referral.details if referral else "",
            }
        )
    return row


def age_when_trafficked(victim: Victim, case) -> int | str:
    """As another agency recorded it, else from the year of birth and the year (in the area's
    zone) the case was opened."""
    if victim.age_when_trafficked is not None:
        return victim.age_when_trafficked
    if not victim.birth_year:
        return ""
    return local_date(case.created_at, case.area_id).year - victim.birth_year


def victims_for(cases, *, personal: bool):
    """The victims of ``cases`` with what their rows need, in two or three queries a chunk."""
    victims = (
        Victim.objects.filter(case__in=cases)
        .select_related("case")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.only(
                    "victim_id", "withdrawn_at", "for_services", "for_disclosure"
                ),
            ),  # fmt: skip
            Prefetch("case__referrals", queryset=_referrals(personal)),
        )
        .order_by("case_id", "pk")
    )
    return victims if personal else victims.defer(*_PERSONAL_FIELDS)


def _referrals(personal: bool):
    referrals = Referral.objects.select_related("organisation").only(
        "case_id", "created_at", "reason", "organisation__name", "details"
    )
    return referrals if personal else referrals.defer("details")


def cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas (CSV injection): such a cell
    leaves with a leading apostrophe, which the import takes off again."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(cases, profile: str):
    """CSV lines, streamed, for the victims of ``cases`` in ``profile``'s columns."""
    columns = PROFILES[profile]
    personal = profile == "transfer"
    buffer = _Echo()
    writer = csv.writer(buffer)
    yield writer.writerow(columns)
    for victim in victims_for(cases, personal=personal).iterator(chunk_size=1000):
        row = victim_row(victim, personal=personal)
        yield writer.writerow([cell(row[name]) for name in columns])


class _Echo:
    def write(self, value):
        return value
