"""Programme pages, one module per subject. Each view: parse → authorise (``visibility``/
``access``) → one action or query → render. Missing and forbidden give the same 404."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.people import access
from sigap.programme import visibility
from sigap.programme.views.community import (
    member_add,
    member_edit,
    members,
    mine,
    outreach_edit,
    outreach_log,
    outreach_photo,
    reach,
    reach_export,
)
from sigap.programme.views.conditions import (
    area_history,
    condition_edit,
    condition_file,
    conditions,
    conditions_export,
    report_confirm,
    report_detail,
)
from sigap.programme.views.events import (
    attendance,
    attendance_sheet,
    event_create,
    event_detail,
    follow_up_add,
    follow_up_done,
    material_add,
    material_download,
    notes,
    participant_add,
    participants_csv,
    participants_xlsx,
    scores,
    speaker_add,
)
from sigap.programme.views.pacts import pact_create, pact_detail, pact_document, pacts
from sigap.programme.views.programmes import (
    coverage,
    criterion_add,
    index,
    indicator_add,
    indicator_edit,
    letter_add,
    letter_download,
    phase_create,
    programme_create,
    programme_detail,
)
from sigap.programme.views.selection import (
    code_slips,
    nomination,
    nomination_answer,
    paper_tally,
    poll_advance,
    poll_open,
    result_export,
    result_sheet,
    selection,
)
from sigap.programme.views.stakeholders import audiensi_pact, stakeholder_add
from sigap.programme.views.stakeholders import commitment_add as stakeholder_commit
from sigap.programme.views.stakeholders import commitment_done as stakeholder_commitment_done
from sigap.programme.views.stakeholders import event_attendance as event_stakeholders
from sigap.programme.views.stakeholders import register as stakeholders_register
from sigap.programme.views.vote import vote

__all__ = [
    "area_history",
    "audiensi_pact",
    "attendance",
    "attendance_sheet",
    "condition_edit",
    "condition_file",
    "conditions",
    "conditions_export",
    "coverage",
    "criterion_add",
    "event_create",
    "event_stakeholders",
    "event_detail",
    "follow_up_add",
    "follow_up_done",
    "index",
    "indicator_add",
    "indicator_edit",
    "letter_add",
    "letter_download",
    "material_add",
    "material_download",
    "member_add",
    "member_edit",
    "members",
    "mine",
    "code_slips",
    "nomination",
    "nomination_answer",
    "paper_tally",
    "poll_advance",
    "poll_open",
    "result_export",
    "result_sheet",
    "vote",
    "notes",
    "outreach_edit",
    "outreach_log",
    "outreach_photo",
    "pact_create",
    "pact_detail",
    "pact_document",
    "pacts",
    "participant_add",
    "participants_csv",
    "participants_xlsx",
    "phase_create",
    "programme_create",
    "programme_detail",
    "programme_home_links",
    "reach",
    "reach_export",
    "report_confirm",
    "report_detail",
    "scores",
    "selection",
    "speaker_add",
    "stakeholder_add",
    "stakeholder_commit",
    "stakeholder_commitment_done",
    "stakeholders_register",
]


def programme_home_links(user) -> list[tuple[str, str]]:
    """Links for the home page: programmes for coordinators, "my area" for community members."""
    links = []
    if visibility.programmes_visible_to(user).exists():
        links.append((_("Programmes"), reverse("programme:index")))
    if access.scopes(user, "programme.participate"):
        links.append((_("My area"), reverse("programme:mine")))
    return links
