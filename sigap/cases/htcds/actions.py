"""The write behind the case page's HTCDS panel (the rest of the cases app's writes are in
``sigap.cases.actions``)."""

from django.db import transaction
from django.utils.translation import gettext as _

from sigap.cases import access as case_access
from sigap.cases.actions import ActionError
from sigap.cases.models import Case, CaseEvent
from sigap.people.audit import audit_record

FIELDS = (
    "status_decided_by",
    "recruitment_area",
    "recruitment_country",
    "exploitation_area",
    "exploitation_country",
    "forced_labour_industry",
    "sex_exploitation_types",
    "vulnerabilities",
    "vulnerability_details",
    "referred_in_by",
    "referred_in_on",
    "referred_in_reason",
    "referred_in_details",
)


@transaction.atomic
def case_update_htcds(*, case: Case, actor, outgoing_reason: str = "", **fields) -> Case:
    """The HTCDS core fields of a case, validated by ``HtcdsDetailsForm`` (picklists are the
    standard's value names). A place is an area or a country, not both. ``outgoing_reason``
    is the reason of the case's first referral (HTCDS ``cas_ReasonForOutgoingReferral``)."""
    if not case_access.can_handle_case(actor, case):
        raise ActionError(_("You are not allowed to do this for this area."))
    first = case.referrals.order_by("created_at", "pk").first()
    if outgoing_reason and first is not None:
        first.reason = outgoing_reason
        first.save(update_fields=["reason"])
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not an HTCDS field of a case: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(case, name, value)
    for stage in ("recruitment", "exploitation"):
        if getattr(case, f"{stage}_area_id"):
            setattr(case, f"{stage}_country", "")
    case.save()
    CaseEvent.objects.create(case=case, actor=actor, action="case.htcds_updated", detail={})
    audit_record(actor=actor, action="case.htcds", obj=case)
    return case
