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
    outreach_log,
    outreach_photo,
    reach,
)
from sigap.programme.views.conditions import (
    area_history,
    condition_file,
    conditions,
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
from sigap.programme.views.selection import nomination, selection

__all__ = [
    "area_history",
    "attendance",
    "attendance_sheet",
    "condition_file",
    "conditions",
    "coverage",
    "criterion_add",
    "event_create",
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
    "nomination",
    "notes",
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
    "report_confirm",
    "report_detail",
    "scores",
    "selection",
    "speaker_add",
]


def programme_home_links(user) -> list[tuple[str, str]]:
    """Links for the home page: programmes for coordinators, "my area" for community members."""
    links = []
    if visibility.programmes_visible_to(user).exists():
        links.append((_("Programmes"), reverse("programme:index")))
    if access.scopes(user, "programme.participate"):
        links.append((_("My area"), reverse("programme:mine")))
    return links
