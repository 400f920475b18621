"""Picklists. Stored values are HTCDS 2.0 value names where the standard has the field, so the
HTCDS export needs no mapping; labels are ours, in plain words and translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    HOTLINE = "hotline", _("Hotline call")
    WALK_IN = "walk_in", _("Walk-in")
    MESSAGING = "messaging", _("Messaging (WhatsApp, Telegram, SMS)")
    # Filed by the resident through a channel's guided conversation (sigap.channels).
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    SMS = "sms", "SMS"
    OUTREACH = "outreach", _("Outreach visit")


class TraffickingStatus(models.TextChoices):
    """HTCDS ``vic_TraffickingStatus``."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Actual victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class RecruitmentApp(models.TextChoices):
    """HTCDS ``vic_RecruitmentWebsitesAndApps``."""

    FACEBOOK = "Facebook", "Facebook"
    INSTAGRAM = "Instagram", "Instagram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    TELEGRAM = "Telegram", "Telegram"
    MESSENGER = "FacebookMessenger", "Facebook Messenger"
    VIBER = "Viber", "Viber"
    SNAPCHAT = "SnapChat", "Snapchat"
    LINE = "Line", "LINE"
    FOURSALE = "4Sale", "4Sale"
    WECHAT = "WeChat", "WeChat"
    QQ = "QQ", "QQ"
    QZONE = "QZone", "QZone"
    TIKTOK = "TikTok", "TikTok"
    TWITTER = "Twitter", "X / Twitter"
    OTHER = "Other", _("Other app or website")


class ExploitationType(models.TextChoices):
    """HTCDS ``vic_TypeOfExploitation`` plus forced criminality, which HTCDS lacks (issue #28)."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Domestic servitude")
    MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military service by non-state actors")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    BEGGING = "ForcedBegging", _("Forced begging")
    ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    ONLINE_SCAM = "ForcedCriminalityOnlineScam", _("Forced criminality: online scam")
    FORCED_CRIMINALITY = "ForcedCriminality", _("Forced criminality: other crimes")
    OTHER = "Other", _("Other")


# Exploitation values that are SIGAP extensions, exported as "Other" in the HTCDS column.
NON_HTCDS_EXPLOITATION = {ExploitationType.ONLINE_SCAM, ExploitationType.FORCED_CRIMINALITY}


class MethodOfControl(models.TextChoices):
    """HTCDS ``vic_MethodsOfControl``."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Threats of violence")
    THREATS_POLICE = "ThreatsLawEnforcement", _("Threats of police or immigration")
    THREATS_FAMILY = "ThreatensChildrenFamily", _("Threats against children or family")
    DEBT = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    FINANCIAL = "RestrictsFinancialAccess", _("Restricts access to money")
    MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    NECESSITIES = "WithholdsNecessities", _("Withholds food, sleep or other necessities")
    PSYCHOLOGICAL = "PsychologicalAbuse", _("Psychological abuse")
    SUBSTANCES = "PsychoactiveSubstance", _("Forced use of drugs or alcohol")
    HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class MethodOfRecruitment(models.TextChoices):
    """HTCDS ``vic_MethodOfRecruitment``."""

    BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATION = "AtAnEducationalInstitution", _("At a school or campus")
    WORK = "AtWork", _("At work")
    SOCIAL = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_AD = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TV = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends")
    OTHER = "Other", _("Other")


class Gender(models.TextChoices):
    """HTCDS ``prs_Gender``."""

    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANS_FEMININE = "TransgenderFeminine", _("Transgender (female)")
    TRANS_MASCULINE = "TransgenderMasculine", _("Transgender (male)")
    NON_CONFORMING = "NonConforming", _("Gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class PeopleSex(models.TextChoices):
    FEMALE = "female", _("Women or girls")
    MALE = "male", _("Men or boys")
    MIXED = "mixed", _("Both")
    UNKNOWN = "unknown", _("I don't know")


class Relation(models.TextChoices):
    SELF = "self", _("Myself")
    FAMILY = "family", _("Family member")
    NEIGHBOUR = "neighbour", _("Neighbour")
    FRIEND = "friend", _("Friend or colleague")
    OTHER = "other", _("Someone else")


class Country(models.TextChoices):
    """ISO 3166 codes of the destinations Indonesian reports name most; "other" covers the rest."""

    INDONESIA = "ID", _("Indonesia (within the country)")
    MALAYSIA = "MY", _("Malaysia")
    CAMBODIA = "KH", _("Cambodia")
    MYANMAR = "MM", _("Myanmar")
    THAILAND = "TH", _("Thailand")
    LAOS = "LA", _("Laos")
    PHILIPPINES = "PH", _("Philippines")
    SINGAPORE = "SG", _("Singapore")
    SAUDI = "SA", _("Saudi Arabia")
    UAE = "AE", _("United Arab Emirates")
    HONG_KONG = "HK", _("Hong Kong")
    TAIWAN = "TW", _("Taiwan")
    JAPAN = "JP", _("Japan")
    KOREA = "KR", _("South Korea")
    OTHER = "ZZ", _("Another country")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSESSMENT = "assessment", _("Assessment")
    CASE_PLAN = "case_plan", _("Case plan")
    SERVICES = "services", _("Services")
    CLOSED = "closed", _("Closed")
    CLOSED_REFERRED = "closed_referred", _("Closed (referred)")


# Which status may follow which; "reopen" is the way back from either closed state.
CASE_TRANSITIONS = {
    CaseStatus.NEW: {CaseStatus.ASSESSMENT, CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED},
    CaseStatus.ASSESSMENT: {CaseStatus.CASE_PLAN, CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED},
    CaseStatus.CASE_PLAN: {CaseStatus.SERVICES, CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED},
    CaseStatus.SERVICES: {CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED},
    CaseStatus.CLOSED: {CaseStatus.ASSESSMENT},
    CaseStatus.CLOSED_REFERRED: {CaseStatus.ASSESSMENT},
}
CLOSED_STATUSES = {CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED}

# HTCDS ``cas_Status`` for each of our workflow states.
HTCDS_CASE_STATUS = {
    CaseStatus.NEW: "Active",
    CaseStatus.ASSESSMENT: "Active",
    CaseStatus.CASE_PLAN: "Active",
    CaseStatus.SERVICES: "FollowUp",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.CLOSED_REFERRED: "ClosedReferred",
}


class ServiceKind(models.TextChoices):
    RESCUE = "rescue", _("Rescue / evacuation")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    SHELTER = "shelter", _("Shelter")
    LEGAL_AID = "legal_aid", _("Legal aid")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Reintegration")
    RESTITUTION = "restitution", _("Restitution")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the agency")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")
    REVOKED = "revoked", _("Revoked")


OPEN_REFERRAL_STATUSES = {ReferralStatus.PENDING, ReferralStatus.ACCEPTED}


class ConsentGiver(models.TextChoices):
    VICTIM = "victim", _("The victim")
    GUARDIAN = "guardian", _("Parent or guardian (child victim)")


class EventStage(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRAVEL = "travel", _("Travel / transit")
    EXPLOITATION = "exploitation", _("Exploitation")


class PerpetratorRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    EXPLOITER = "exploiter", _("Exploiter / employer")
    AGENCY = "agency", _("Agency or company")
    OTHER = "other", _("Other")


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone / WhatsApp number")
    TELEGRAM = "telegram", "Telegram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    INSTAGRAM = "instagram", "Instagram"
    WEBSITE = "website", _("Website")
    COMPANY = "company", _("Company name")
    OTHER = "other", _("Other handle")


class DecisionOrg(models.TextChoices):
    """HTCDS ``vic_TraffickingStatusDecisionMakingOrg``: who decided the trafficking status."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("Non-governmental organisation")
    COURT = "CourtOrProsecution", _("Court or prosecution")
    GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Government agency (not the police)")
    OTHER = "Other", _("Other")


class ForcedLabourIndustry(models.TextChoices):
    """HTCDS ``vic_ForcedLabourIndustry``: the sections of ISIC rev. 4."""

    A = "A_AgricultureForestryAndFishing", _("Agriculture, forestry and fishing")
    B = "B_MiningAndQuarrying", _("Mining and quarrying")
    C = "C_Manufacturing", _("Manufacturing")
    D = "D_ElectricityGasSteamAndAirConditioningSupply", _("Electricity, gas and steam supply")
    E = "E_WaterSupplySewerageWasteManagement", _("Water supply, sewerage and waste")
    F = "F_Construction", _("Construction")
    G = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", _("Wholesale and retail trade")
    H = "H_TransportationAndStorage", _("Transportation and storage")
    I = "I_AccommodationAndFoodServiceActivities", _("Accommodation and food service")  # noqa: E741
    J = "J_InformationAndCommunication", _("Information and communication")
    K = "K_FinancialAndInsuranceActivities", _("Financial and insurance activities")
    L = "L_RealEstateActivities", _("Real estate")
    M = "M_ProfessionalScientificAndTechnicalActivities", _("Professional and technical work")
    N = "N_AdministrativeAndSupportServiceActivities", _("Administrative and support services")
    O = "O_PublicAdministrationAndDefence", _("Public administration and defence")  # noqa: E741
    P = "P_Education", _("Education")
    Q = "Q_HumanHealthAndSocialWorkActivities", _("Health and social work")
    R = "R_ArtsEntertainmentAndRecreation", _("Arts, entertainment and recreation")
    S = "S_OtherServiceActivities", _("Other services")
    T = "T_ActivitiesOfHouseholdsAsEmployers", _("Domestic work (households as employers)")
    U = "U_ActivitiesOfExtraterritorialOrganizations", _("Extraterritorial organisations")


class SexExploitationType(models.TextChoices):
    """HTCDS ``vic_TypeOfSexExploitation``."""

    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE = "RemoteInteractiveServices", _("Remote interactive services (online)")
    PRIVATE = "PrivateSexualServices", _("Private sexual services")


class Vulnerability(models.TextChoices):
    """HTCDS ``vic_Vulnerabilities``."""

    ADDICTION = "Addiction", _("Addiction")
    SOCIAL_GROUP = "SocialGroup", _("Belonging to a marginalised social group")
    DISCRIMINATION = "Discrimination", _("Discrimination")
    POVERTY = "Poverty", _("Poverty")
    DISABILITY = "DisabilityAndPhysicalHealth", _("Disability or physical health")
    MENTAL_HEALTH = "MentalHealth", _("Mental health")
    MIGRATION = "Migration", _("Migration")
    HOMELESSNESS = "Homelessness", _("Homelessness")
    ABUSE_ONLINE = "AbuseSocialMedia", _("Abuse on social media")
    ABUSE_PHYSICAL = "AbusePhysical", _("Physical abuse")
    EDUCATION = "Education", _("Little or no education")
    WORK = "WorkEnvironment", _("Work environment")


class ReferralReason(models.TextChoices):
    """HTCDS ``cas_ReasonForIncomingReferral`` and ``cas_ReasonForOutgoingReferral``."""

    SERVICES = "AdditionalServicesRequired", _("Additional services required")
    MOVED = "MigrationOrChangeOfLocation", _("Migration or change of location")
    OTHER = "Other", _("Other")
