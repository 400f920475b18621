"""Writing to the append-only audit log.

Audit rows carry ids, action names and area codes, never personal data: no names, phone
numbers, usernames typed at the sign-in form, passwords or codes. ``detail`` is for small
technical facts (a role name, a count, a TOTP time step).
"""

import csv
import json
from datetime import UTC

from django.db.models import Q

from sigap.people.models import AuditEvent
from sigap.regions.models import prefix_bounds

# Keys that would carry personal data or secrets; ``detail`` refuses them outright.
FORBIDDEN_KEYS = frozenset(
    {
        "name",
        "username",
        "email",
        "phone",
        "address",
        "password",
        "code",
        "token",
        "secret",
        "narrative",
        "ip",
        "nik",
    }
)


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id="",
    area_code: str = "",
    reason: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit row. ``obj`` fills the object type, id and (when it has one) area."""
    detail = detail or {}
    _check_detail(detail)
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
        area_code = area_code or getattr(obj, "area_id", "") or ""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        area_code=area_code,
        reason=reason[:300],
        detail=detail,
    )


def audit_personal_read(*, actor, obj, reason: str = "", area_code: str = "") -> AuditEvent:
    """Record that ``actor`` opened a record holding personal data (a case, a report...).

    Call it on every read of a personal record, in the view that shows it, before rendering.
    """
    return audit_record(
        actor=actor, action="personal.read", obj=obj, area_code=area_code, reason=reason
    )


def _check_detail(detail: dict) -> None:
    """Refuse keys that name personal data and long free text, which could hold it."""
    for key, value in detail.items():
        if key.lower() in FORBIDDEN_KEYS:
            raise ValueError(f"audit detail may not hold {key!r}")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str) and len(item) > 64:
                raise ValueError(f"audit detail {key!r} is too long to be an id or a label")


def filter_audit(events, filters: dict):
    """Narrow audit rows by the audit page's filters (action prefix, area, dates, actor)."""
    if filters.get("action"):
        events = events.filter(action__startswith=filters["action"].strip())
    if filters.get("object_type"):
        events = events.filter(object_type=filters["object_type"].strip())
    if filters.get("area"):
        low, high = prefix_bounds(filters["area"])
        events = events.filter(
            Q(area_code=filters["area"]) | Q(area_code__gt=low, area_code__lt=high)
        )
    if filters.get("actor"):
        events = events.filter(actor__username__iexact=filters["actor"].strip())
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    return events


CSV_HEADER = [
    "at_utc",
    "action",
    "actor_id",
    "actor_username",
    "object_type",
    "object_id",
    "area_code",
    "reason",
    "detail",
]


def _cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_csv_rows(events):
    """CSV lines, streamed: an export of the whole log must not be built in memory."""
    buffer = _Echo()
    writer = csv.writer(buffer)
    yield writer.writerow(CSV_HEADER)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(v)
                for v in (
                    event.at.astimezone(UTC).isoformat(),
                    event.action,
                    event.actor_id,
                    event.actor.username if event.actor else "",
                    event.object_type,
                    event.object_id,
                    event.area_code,
                    event.reason,
                    json.dumps(event.detail, sort_keys=True),
                )
            ]
        )


class _Echo:
    def write(self, value):
        return value
