"""Each HTCDS 2.0 column SIGAP reads or writes: its kind, its picklist and whether it can
identify someone. The profiles in ``export`` are lists of these names."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sigap.cases import choices as c

MULTI = ";"  # HTCDS multiselect picklists follow Salesforce: values joined by ";"

# Indonesia's three time zones by province code (Permendagri area codes).
WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
_WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}


def area_zone(area_code: str) -> ZoneInfo:
    """WIB, WITA or WIT: the zone people of ``area_code`` read their dates in."""
    province = (area_code or "")[:2]
    return WITA if province in _WITA else WIT if province in _WIT else WIB


def local_date(moment: datetime | None, area_code: str) -> date | None:
    """The calendar date of ``moment`` in the area's own zone (a referral sent at 01:00 WIB
    is dated that day, not the day before as its UTC date would say)."""
    return moment.astimezone(area_zone(area_code)).date() if moment else None


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, pick, multi, bool, date, age, place, country, countries
    choices: frozenset[str] = frozenset()
    personal: bool = False  # may identify someone: only in the case-transfer profile


def _values(choice_class) -> frozenset[str]:
    return frozenset(choice_class.values)


# Exploitation types SIGAP adds to the standard leave as "Other".
HTCDS_EXPLOITATION = _values(c.ExploitationType) - c.NON_HTCDS_EXPLOITATION
HTCDS_CASE_STATUSES = frozenset(c.HTCDS_CASE_STATUS.values())

COLUMNS = {
    col.name: col
    for col in [
        Column("prs_FirstName", "text", personal=True),
        Column("prs_SecondName", "text", personal=True),
        Column("prs_IdentityNumber", "text", personal=True),
        Column("prs_MobilePhone", "text", personal=True),
        Column("prs_MailingStreet", "text", personal=True),
        Column("prs_Birthdate", "date", personal=True),  # read only: SIGAP keeps the year
        Column("prs_Gender", "pick", _values(c.Gender)),
        Column("prs_Citizenship", "countries"),
        Column("vic_AgreementToManagePersonalData", "bool"),
        Column("vic_TraffickingStatus", "pick", _values(c.TraffickingStatus)),
        Column("vic_TraffickingStatusDecisionMakingOrg", "pick", _values(c.DecisionOrg)),
        Column("vic_AgeWhenTrafficked", "age"),
        Column("vic_RecruitmentWebsitesAndApps", "multi", _values(c.RecruitmentApp)),
        Column("vic_MethodOfRecruitment", "multi", _values(c.MethodOfRecruitment)),
        Column("vic_LocationOfRecruitment", "place"),
        Column("vic_MethodsOfControl", "multi", _values(c.MethodOfControl)),
        Column("vic_TypeOfExploitation", "multi", HTCDS_EXPLOITATION),
        Column("vic_ForcedLabourIndustry", "pick", _values(c.ForcedLabourIndustry)),
        Column("vic_TypeOfSexExploitation", "multi", _values(c.SexExploitationType)),
        Column("vic_LocationOfExploitation", "place"),
        Column("vic_Vulnerabilities", "multi", _values(c.Vulnerability)),
        Column("vic_DetailsOfVulnerabilities", "text", personal=True),
        Column("cas_Status", "pick", HTCDS_CASE_STATUSES),
        Column("cas_ReasonForCaseClosure", "text", personal=True),
        Column("cas_ReferringOrganisation", "text"),
        Column("cas_IncomingReferralDate", "date"),
        Column("cas_ReasonForIncomingReferral", "pick", _values(c.ReferralReason)),
        Column("cas_IncomingReferralDetails", "text", personal=True),
        Column("cas_ReferredOrganisation", "text"),
        Column("cas_ReasonForOutgoingReferral", "pick", _values(c.ReferralReason)),
        Column("cas_OutgoingReferralDate", "date"),
        Column("cas_OutgoingReferralDetails", "text", personal=True),
        Column("hte_Country", "country"),
        Column("hte_State", "text"),
        Column("con_Consent", "bool"),
    ]
}

# The names the standard's XLSForm gives some fields (its data exports use them).
XLSFORM_ALIASES = {
    "prs_First_Name": "prs_FirstName",
    "prs_Second_Name": "prs_SecondName",
    "vic_Methods_of_Control": "vic_MethodsOfControl",
}

# HTCDS fields SIGAP does not keep (an import lists them as ignored), and an XLSForm
# export's own bookkeeping columns.
NOT_KEPT = frozenset(
    {
        "prs_Salutation",
        "prs_MiddleName",
        "prs_Title",
        "prs_Email",
        "prs_HomePhone",
        "prs_MailingCity",
        "prs_MailingCountry",
        "prs_MailingState",
        "prs_MailingPostalCode",
        "cas_CaseOwner",
        "cas_ReferringPrimaryCaseWorker",
        "cas_ReferredPrimaryCaseWorker",
        "start",
        "end",
        "__version__",
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
        "_status",
        "_submitted_by",
        "_validation_status",
        "meta/instanceID",
    }
)
