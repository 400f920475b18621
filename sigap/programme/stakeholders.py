"""The community's stakeholders (Komunitas PP TPPO): the register, who came to a rakor or
audiensi, what each committed to, and the audiensi at which a kelurahan signs its pact.

Each action is atomic, re-checks that the actor manages the area, and writes an audit row with
ids only (the representative's contact details never reach the log).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.people import access
from sigap.people.audit import audit_record
from sigap.programme import actions
from sigap.programme.models import (
    EventKind,
    Pact,
    Stakeholder,
    StakeholderAttendance,
    StakeholderCommitment,
)

# Events where stakeholders meet; a sosialisasi or pelatihan has participants instead.
STAKEHOLDER_EVENTS = (EventKind.RAKOR, EventKind.AUDIENSI)


def _require(actor, area_code: str) -> None:
    if actor is not None and not access.can(actor, "programme.manage", area_code):
        raise PermissionDenied("outside the actor's scope")


def _audit(actor, action: str, obj, area_code: str = "", **detail) -> None:
    audit_record(
        actor=actor, action=f"programme.{action}", obj=obj, area_code=area_code, detail=detail
    )


@transaction.atomic
def stakeholder_add(*, actor, programme, organisation, kind, area, **fields) -> Stakeholder:
    """A stakeholder in ``programme``'s area, with its representative (``representative``,
    ``position``, ``phone``, ``email``) and ``role`` in the community."""
    _require(actor, area.code)
    if not area.is_within(programme.area_id):
        raise ValidationError(
            _("%(area)s lies outside the programme's area. Choose an area within it."),
            params={"area": area.display_name},
        )
    stakeholder = Stakeholder.objects.create(
        programme=programme, organisation=organisation, kind=kind, area=area, **fields
    )
    _audit(actor, "stakeholder_add", stakeholder, kind=kind)
    return stakeholder


@transaction.atomic
def stakeholder_attendance_set(*, actor, event, present: dict[int, str]) -> int:
    """Who came to ``event``: ``{stakeholder id: who came for it ("" for the usual
    representative)}``, replacing what was recorded before. Returns how many came."""
    _require(actor, event.area_id)
    if event.kind not in STAKEHOLDER_EVENTS:
        raise ValidationError(_("Stakeholders are recorded at a rakor or an audiensi."))
    known = set(
        Stakeholder.objects.filter(programme=event.programme_id, pk__in=present).values_list(
            "pk", flat=True
        )
    )
    if known != set(present):
        raise ValidationError(_("Choose stakeholders of this programme. Reload the page."))
    StakeholderAttendance.objects.filter(event=event).delete()
    StakeholderAttendance.objects.bulk_create(
        StakeholderAttendance(event=event, stakeholder_id=pk, attended_by=by[:200])
        for pk, by in present.items()
    )
    _audit(actor, "stakeholder_attendance", event, event.area_id, present=len(present))
    return len(present)


@transaction.atomic
def stakeholder_commit(*, actor, event, stakeholder, text, due_on=None) -> StakeholderCommitment:
    """What ``stakeholder`` committed to at ``event``."""
    _require(actor, event.area_id)
    if stakeholder.programme_id != event.programme_id:
        raise ValidationError(_("Choose a stakeholder of this programme."))
    item = StakeholderCommitment.objects.create(
        stakeholder=stakeholder, event=event, text=text, due_on=due_on
    )
    _audit(actor, "stakeholder_commit", item, event.area_id)
    return item


@transaction.atomic
def stakeholder_commitment_done(*, actor, item: StakeholderCommitment, done_on: date) -> None:
    _require(actor, item.stakeholder.area_id)
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    _audit(actor, "stakeholder_commitment_done", item, item.stakeholder.area_id)


@transaction.atomic
def audiensi_pact_record(*, actor, event, **pact) -> Pact:
    """A kelurahan's pact signed at the audiensi ``event``: the pact (``actions.pact_record``)
    and the audiensi are one record, shown together on both pages."""
    if event.kind != EventKind.AUDIENSI:
        raise ValidationError(_("A pact is signed at an audiensi."))
    record = actions.pact_record(actor=actor, programme=event.programme, **pact)
    record.event = event
    record.save(update_fields=["event"])
    return record
