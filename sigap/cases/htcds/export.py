"""The three HTCDS 2.0 export profiles, one row per victim (docs/cases.md maps each column):

* ``TRANSFER``: the full record, personal fields included, for a receiving agency;
* ``DEIDENTIFIED``: every core field that identifies no one;
* the public release (``kanon.public_release``): de-identified rows made k-anonymous.

Dates are the calendar dates of the case's area (WIB, WITA or WIT), not UTC's."""

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

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

BATCH = 2000


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


@dataclass(frozen=True)
class Outgoing:
    """What the export needs of a case's first referral."""

    created_at: datetime
    reason: str
    organisation: str
    details: str = ""


# What a row reads of a victim and its case (values, not model instances: a third faster).
_FIELDS = [
    "pk", "case_id", "gender", "citizenship", "trafficking_status", "birth_year",
    "age_when_trafficked", "case__area_id", "case__created_at", "case__status",
    "case__status_decided_by", "case__recruitment_apps", "case__recruitment_methods",
    "case__recruitment_area_id", "case__recruitment_country", "case__methods_of_control",
    "case__exploitation_types", "case__forced_labour_industry", "case__sex_exploitation_types",
    "case__exploitation_area_id", "case__exploitation_country", "case__vulnerabilities",
    "case__referred_in_by", "case__referred_in_on", "case__referred_in_reason",
    "case__destination_country",
]  # fmt: skip
_PERSONAL_FIELDS = [
    "first_name", "second_name", "nik", "phone", "address", "case__vulnerability_details",
    "case__closure_reason", "case__referred_in_details",
]  # fmt: skip


def victim_row(v: dict, consents, referral: Outgoing | None, *, personal: bool) -> dict:
    """Every column of the profile for one victim (``v``: the values of ``_FIELDS``, and of
    ``_PERSONAL_FIELDS`` when ``personal``); ``consents`` are (withdrawn_at, for_services,
    for_disclosure) tuples."""
    current = [k for k in consents if k[0] is None]
    area = v["case__area_id"]
    row = {
        "prs_Gender": v["gender"],
        "prs_Citizenship": v["citizenship"],
        "vic_AgreementToManagePersonalData": bool(current),
        "vic_TraffickingStatus": v["trafficking_status"],
        "vic_TraffickingStatusDecisionMakingOrg": v["case__status_decided_by"],
        "vic_AgeWhenTrafficked": age_when_trafficked(
            v["age_when_trafficked"], v["birth_year"], v["case__created_at"], area
        ),
        "vic_RecruitmentWebsitesAndApps": _multi(v["case__recruitment_apps"]),
        "vic_MethodOfRecruitment": _multi(v["case__recruitment_methods"]),
        "vic_LocationOfRecruitment": _place(
            v["case__recruitment_area_id"], v["case__recruitment_country"]
        ),
        "vic_MethodsOfControl": _multi(v["case__methods_of_control"]),
        "vic_TypeOfExploitation": _exploitation(v["case__exploitation_types"]),
        "vic_ForcedLabourIndustry": v["case__forced_labour_industry"],
        "vic_TypeOfSexExploitation": _multi(v["case__sex_exploitation_types"]),
        "vic_LocationOfExploitation": _place(
            v["case__exploitation_area_id"], v["case__exploitation_country"]
        ),
        "vic_Vulnerabilities": _multi(v["case__vulnerabilities"]),
        "cas_Status": c.HTCDS_CASE_STATUS[v["case__status"]],
        "cas_ReferringOrganisation": v["case__referred_in_by"],
        "cas_IncomingReferralDate": _date(v["case__referred_in_on"]),
        "cas_ReasonForIncomingReferral": v["case__referred_in_reason"],
        "cas_ReferredOrganisation": referral.organisation if referral else "",
        "cas_ReasonForOutgoingReferral": referral.reason if referral else "",
        "cas_OutgoingReferralDate": _date(
            local_date(referral.created_at, area) if referral else None
        ),
        "hte_Country": v["case__destination_country"],
        "hte_State": area[:2],
        "con_Consent": any(services and disclosure for _, services, disclosure in current),
    }
    if personal:
        row.update(
            {
                "prs_FirstName": v["first_name"],
                "prs_SecondName": v["second_name"],
                "prs_IdentityNumber": v["nik"],
                "prs_MobilePhone": v["phone"],
                "prs_MailingStreet": v["address"],
                "vic_DetailsOfVulnerabilities": v["case__vulnerability_details"],
                "cas_ReasonForCaseClosure": v["case__closure_reason"],
                "cas_IncomingReferralDetails": v["case__referred_in_details"],
                "cas_OutgoingReferralDetails": referral.details if referral else "",
            }
        )
    return row


def age_when_trafficked(recorded, birth_year, opened_at, area_code: str) -> int | str:
    """As another agency recorded it, else from the year of birth and the year (in the area's
    zone) the case was opened."""
    if recorded is not None:
        return recorded
    if not birth_year:
        return ""
    return local_date(opened_at, area_code).year - birth_year


def rows_for(cases, *, personal: bool):
    """Each victim of ``cases`` as a row, read in batches: the victims with their case, then
    one query for the batch's consents and one for its cases' referrals."""
    fields = _FIELDS + _PERSONAL_FIELDS if personal else _FIELDS
    victims = Victim.objects.filter(case__in=cases).order_by("case_id", "pk").values(*fields)
    batch: list[dict] = []
    for victim in victims.iterator(chunk_size=BATCH):
        batch.append(victim)
        if len(batch) == BATCH:
            yield from _batch_rows(batch, personal)
            batch = []
    yield from _batch_rows(batch, personal)


def _batch_rows(batch: list[dict], personal: bool):
    consents = defaultdict(list)
    rows = Consent.objects.filter(victim_id__in=[v["pk"] for v in batch]).values_list(
        "victim_id", "withdrawn_at", "for_services", "for_disclosure"
    )
    for victim_id, *consent in rows:
        consents[victim_id].append(consent)
    first: dict[int, Outgoing] = {}
    fields = ["case_id", "created_at", "reason", "organisation__name"]
    referrals = (
        Referral.objects.filter(case_id__in={v["case_id"] for v in batch})
        .order_by("case_id", "created_at", "pk")
        .values_list(*fields, *(["details"] if personal else []))
    )
    for case_id, *referral in referrals:
        first.setdefault(case_id, Outgoing(*referral))
    for v in batch:
        yield victim_row(v, consents[v["pk"]], first.get(v["case_id"]), personal=personal)


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
    for row in rows_for(cases, personal=personal):
        yield writer.writerow([cell(row[name]) for name in columns])


class _Echo:
    def write(self, value):
        return value
