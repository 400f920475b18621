"""The outbox protocol on the programme's pages (docs/offline.md, "Server: exactly once").

A form that a phone may send from its outbox carries a ``submission_id`` made when the page is
shown (so it also works without JavaScript) and, for an edit, the ``base_version`` it was based
on. ``Draft`` reads them from a request; ``form_page`` (common.py) answers a replay with the
first result (303, ``X-Sigap-Submission: replayed``), the same id with other content with 409
(``conflict``) and an edit of an older version with 409 and both versions (``stale``).
"""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render

from sigap.lib.fingerprint import form_fingerprint
from sigap.programme import submissions
from sigap.programme.views import stored

HEADER = "X-Sigap-Submission"
# Not content: the form's own bookkeeping and which button was pressed.
IGNORED = {"csrfmiddlewaretoken", "submission_id", "base_version", "save", "again"}


class Draft:
    """The submission id, base version and fingerprint of one outbox form's request."""

    def __init__(self, request, kind: str, *, title: str, base_version: int | None = None):
        self.request, self.kind, self.title = request, kind, title
        posted = request.method == "POST"
        self.key = submissions.clean_key(request.POST.get("submission_id")) if posted else ""
        # A form shown again (invalid input) keeps the id it was posted with.
        self.shown_key = self.key or uuid.uuid4().hex
        self.base_version = _version(request.POST.get("base_version")) if posted else base_version
        self.fingerprint = form_fingerprint(request, IGNORED) if posted else ""

    def context(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "submission_id": self.shown_key,
            "base_version": self.base_version,
        }

    def earlier(self):
        """The answer to a replay, or None if this id was not used yet."""
        if self.request.method != "POST":
            return None
        try:
            submissions.earlier(**self._ids())
        except submissions.Replay as replay:
            return self.answer_replay(replay)
        return None

    def run(self, action, *, location, message=""):
        """``action()`` once per id; ``location(result)`` is where the page goes after it and
        ``message`` (or ``message(result)``) what it says, kept for a replay."""

        def describe(result):
            said = message(result) if callable(message) else message
            return {"location": location(result)[:300], "message": str(said)[:300]}

        return submissions.run_once(**self._ids(), action=action, describe=describe)

    def answer_replay(self, replay: submissions.Replay):
        if not replay.same:
            context = {"draft": self, "first": replay.first}
            context.update(stored.rows(self.request.user, replay.first))
            page = render(self.request, "programme/outbox_conflict.html", context, status=409)
            return _marked(page, "conflict")
        if replay.first.message:
            messages.success(self.request, replay.first.message)
        return _marked(redirect(replay.first.location or "programme:mine"), "replayed", 303)

    def answer_stale(self, stale: submissions.Stale, form):
        record = stale.current
        context = {
            "draft": self,
            "rows": stored.compare(form, self.request.POST, stored.initial(record)),
            "repost": [
                (name, value)
                for name in self.request.POST
                if name not in ("csrfmiddlewaretoken", "base_version")
                for value in self.request.POST.getlist(name)
            ],
            "current_version": record.version,
            "record_url": stored.location(record),
        }
        page = render(self.request, "programme/outbox_stale.html", context, status=409)
        return _marked(page, "stale")

    def stored(self, response):
        return _marked(response, "stored") if self.key else response

    def _ids(self) -> dict:
        return {
            "user": self.request.user,
            "key": self.key,
            "kind": self.kind,
            "fingerprint": self.fingerprint,
        }


def _version(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else None


def _marked(response, state: str, status: int | None = None):
    if status is not None:
        response.status_code = status
    response[HEADER] = state
    return response
