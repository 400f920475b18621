"""Exactly once for the programme's outbox forms and API writes (docs/offline.md).

A draft carries a submission id from the moment it is started. ``run_once`` carries out the
write and stores the id with the record (a ``Submission`` row, unique per user and id) in one
transaction; the same id again raises ``Replay`` with the first submission, whose fingerprint
says whether the content is the same (answer with the first result) or not (409). The unique
constraint, not a look-up, decides, so two copies sent at the same moment store one record.
"""

import re

from django.db import IntegrityError, transaction

from sigap.programme.models import Submission

# A uuid4 in hex, as the pages and the outbox make them; anything else is no submission id.
SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")


class Replay(Exception):
    """The submission id was used before: ``first`` is that submission; ``same`` says whether
    the content (and kind) was the same."""

    def __init__(self, first: Submission, same: bool):
        super().__init__("submission already carried out")
        self.first, self.same = first, same


class Stale(Exception):
    """An edit based on ``base_version`` while the record is at ``current.version``: nothing
    was saved."""

    def __init__(self, current, base_version: int):
        super().__init__("edit based on an older version")
        self.current, self.base_version = current, base_version


def clean_key(value) -> str:
    """The submission id if it is well formed, else "" (the write then runs without one)."""
    value = str(value or "").strip().lower()
    return value if SUBMISSION_ID.fullmatch(value) else ""


def earlier(*, user, key: str, kind: str, fingerprint: str) -> None:
    """Raise ``Replay`` if ``user`` already used ``key``."""
    first = Submission.objects.filter(user=user, key=key).first() if key else None
    if first is not None:
        raise Replay(first, same=_same(first, kind, fingerprint))


def run_once(*, user, key: str, kind: str, fingerprint: str, action, describe=None):
    """``action()`` once per ``user`` and ``key``; returns its result.

    ``describe(result)`` gives what a replay answers with: ``location`` and ``message`` (pages),
    ``status`` and ``body`` (API). Without a key the action simply runs."""
    if not key:
        return action()
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                user=user, key=key, kind=kind, fingerprint=fingerprint
            )
            result = action()
            submission.object_id = getattr(result, "pk", None)
            for name, value in (describe(result) if describe else {}).items():
                setattr(submission, name, value)
            submission.save()
    except IntegrityError:
        # Another request with the same id got there first (or committed meanwhile).
        first = Submission.objects.filter(user=user, key=key).first()
        if first is None:
            raise
        raise Replay(first, same=_same(first, kind, fingerprint))
    return result


def answered(*, user, key: str, status: int, body) -> None:
    """Keep the API's first answer, for a replay over the API."""
    Submission.objects.filter(user=user, key=key).update(status=status, body=body)


def _same(first: Submission, kind: str, fingerprint: str) -> bool:
    return first.kind == kind and first.fingerprint == fingerprint
