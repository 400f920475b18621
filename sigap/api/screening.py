"""``POST /screening``: the Cek Lowongan check for other programs. Public (a token or a session
is accepted, never required) and rate-limited per caller; the text is not stored."""

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from sigap.api.auth import api_auth
from sigap.api.strict import Input
from sigap.jobcheck import actions, ratelimit
from sigap.jobcheck.forms import MAX_CHARS
from sigap.jobcheck.models import Source

router = Router(tags=["screening"])


def public(request):
    """The last authentication tried: anyone may call, counted by address."""
    return "public"


class ScreeningIn(Input):
    text: str
    channel: str | None = None
    url: str | None = None
    country: str | None = None


class SpanOut(Schema):
    start: int
    end: int
    text: str


class ReasonOut(Schema):
    id: str
    strength: str
    title: dict[str, str]
    indicator: str
    legal_basis: str
    explanation: dict[str, str]
    advice: dict[str, str]
    detail: str
    spans: list[SpanOut]


class ScreeningOut(Schema):
    level: str
    label: dict[str, str]
    score: int
    reasons: list[ReasonOut]
    entities: dict
    ruleset_version: str
    registry_is_sample: bool
    truncated: bool


@router.post("/screening", response=ScreeningOut, auth=[*api_auth, public])
def screening(request, payload: ScreeningIn):
    """Screen one job offer or recruitment post: level (tinggi/sedang/rendah), score, reasons
    with spans into the text as sent, and the entities found."""
    if not ratelimit.hit(request, "api", request.user):
        raise HttpError(
            429,
            _(
                "Too many checks from this connection. Wait 10 minutes and try again, or use an "
                "API token."
            ),
        )
    _validate(payload.text)
    result = actions.check_screen(
        text=payload.text,
        channel=(payload.channel or "")[:40],
        url=payload.url or "",
        country=(payload.country or "").upper()[:2],
        source=Source.API,
    )
    data = result.to_dict(full=True)
    for reason in data["reasons"]:
        reason["spans"] = [{"start": s, "end": e, "text": t} for s, e, t in reason["spans"]]
    return data


def _validate(text: str) -> None:
    if not text.strip():
        raise HttpError(422, _("The text is empty. Send the text of the job offer in “text”."))
    if len(text) > MAX_CHARS:
        raise HttpError(
            422,
            _("The text is too long: %(count)s characters, at most %(max)s can be checked at once.")
            % {"count": len(text), "max": MAX_CHARS},
        )
