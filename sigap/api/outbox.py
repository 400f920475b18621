"""Exactly once over the API (docs/api.md, "Exactly once: submission_id").

A write that carries ``submission_id`` is carried out once per user and id. The same id with
the same body again gets the first answer, its status and body, with ``"replayed": true``; with
another body a 409; an edit based on an older ``base_version`` a 409 with both versions. Each
answer says which in the header ``X-Sigap-Submission`` (``stored``, ``replayed``, ``conflict``,
``stale``).
"""

import json
from typing import Annotated

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field

from sigap.lib.fingerprint import json_fingerprint
from sigap.programme import submissions

from .errors import error_response

HEADER = "X-Sigap-Submission"
SubmissionId = Annotated[
    str | None,
    Field(
        None,
        pattern=r"^[0-9a-f]{32}$",
        description="The draft's id, a uuid4 in 32 lowercase hex digits (docs/offline.md).",
    ),
]
BaseVersion = Annotated[
    int | None,
    Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="The version the edit is based on; 0 for a new record.",
    ),
]
BOOKKEEPING = {"submission_id", "base_version"}


def as_json(schema, obj) -> dict:
    """What the API answers for ``obj``, as plain JSON values (kept for a replay)."""
    data = schema.from_orm(obj).dict()
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def once(request, payload, *, kind: str, action, status: int, body):
    """Run ``action()`` once per user and ``payload.submission_id``; ``body(result)`` is the
    answer's JSON (None for no body). Returns the response."""
    key = payload.submission_id or ""
    ids = {
        "user": request.auth,
        "key": key,
        "kind": kind,
        "fingerprint": json_fingerprint(payload.dict(exclude=BOOKKEEPING)),
    }
    try:
        submissions.earlier(**ids)
        result = submissions.run_once(
            **ids, action=action, describe=lambda r: {"status": status, "body": body(r)}
        )
    except submissions.Replay as replay:
        return _replayed(replay)
    except submissions.Stale as stale:
        return stale_response(payload, stale, body)
    return respond(status, body(result), "stored" if key else "")


def respond(status: int, data, state: str, *, replayed: bool = False):
    if data is None:
        response = HttpResponse(status=status)
    else:
        if state:
            data = {**data, "replayed": replayed}
        response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    if state:
        response[HEADER] = state
    return response


def conflict(stored_id=None, stored=None):
    """409: the id was used before for other content."""
    response = error_response(
        409,
        _(
            "This submission_id was already used for a request with other content; nothing "
            "new was stored. Send the new content with a new submission_id."
        ),
        stored_id=stored_id,
        stored=stored,
    )
    response[HEADER] = "conflict"
    return response


def _replayed(replay: submissions.Replay):
    first = replay.first
    if not replay.same:
        return conflict(first.object_id, first.body)
    return respond(first.status or 200, first.body, "replayed", replayed=True)


def stale_response(payload, stale: submissions.Stale, body):
    response = error_response(
        409,
        _(
            "The record was changed after the version your edit is based on (%(base)s; it is "
            "now at %(current)s). Nothing was saved. Send your edit again with base_version "
            "%(current)s to keep it, or keep the stored one."
        )
        % {"base": stale.base_version, "current": stale.current.version},
        base_version=stale.base_version,
        current_version=stale.current.version,
        yours=json.loads(json.dumps(payload.dict(exclude=BOOKKEEPING), cls=DjangoJSONEncoder)),
        current=body(stale.current),
    )
    response[HEADER] = "stale"
    return response
