"""Turning an engine Result into what the page shows: the highlighted text, reasons in the
page's language, entities, advice, hotlines and the prefilled report link.

Every piece of the pasted text is escaped on its own (``format_html`` / ``escape``); nothing
from the text is ever marked safe.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sigap import screening

REPORT_FALLBACK_URL = "/lapor/"
MAX_PER_IDENTIFIER = 5


def english() -> bool:
    return (get_language() or "id").startswith("en")


def pick(obj, name: str) -> str:
    """``obj.<name>_en`` on English pages, ``obj.<name>_id`` otherwise."""
    return getattr(obj, f"{name}_en" if english() else f"{name}_id")


def flag_title(flag_id: str) -> str:
    """A flag's title in the page's language; the code itself for a flag the ruleset no longer
    has (a stored check from an older version)."""
    compiled = screening.default_screener().ruleset.by_id.get(flag_id)
    return pick(compiled.flag, "title") if compiled is not None else flag_id


def destination_name(code: str) -> str:
    destination = screening.default_screener().ruleset.destinations.get(code)
    if destination is None:
        return code
    return destination.name_en if english() else destination.name_id


def level_label(level: str) -> str:
    return {"tinggi": _("High risk"), "sedang": _("Medium risk"), "rendah": _("Low risk")}.get(
        level, level
    )


@dataclass(frozen=True)
class ReasonView:
    id: str
    title: str
    strength: str
    indicator: str
    legal_basis: str
    explanation: str
    advice: str
    detail: str
    quotes: tuple[str, ...]


def reason_view(reason) -> ReasonView:
    return ReasonView(
        id=reason.id,
        title=pick(reason.flag, "title"),
        strength=reason.strength,
        indicator=reason.indicator,
        legal_basis=reason.legal_basis,
        explanation=pick(reason, "explanation"),
        advice=pick(reason, "advice"),
        detail=reason.detail,
        quotes=tuple(dict.fromkeys(s.text for s in reason.spans)),
    )


def highlight(text: str, reasons) -> str:
    """The text with each triggering span in a ``<mark>`` titled with its reason(s).

    Spans may overlap, so the text is cut at every span edge and each piece is marked with
    every reason that covers it.
    """
    spans = [
        (s.start, s.end, pick(r.flag, "title"), r.strength == "protective")
        for r in reasons
        for s in r.spans
        if 0 <= s.start < s.end <= len(text)
    ]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        pieces.append(_piece(text[start:end], covering))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _piece(segment: str, covering: list) -> str:
    if not covering:
        return format_html("{}", segment)
    titles = "; ".join(dict.fromkeys(title for _s, _e, title, _p in covering))
    css = "hl-safe" if all(protective for *_rest, protective in covering) else "hl-risk"
    return format_html('<mark class="{}" title="{}">{}</mark>', css, titles, segment)


def level_advice(result) -> str:
    """The advice for the level; for a post that names no work abroad ("local" in its notes),
    the local variant where the ruleset has one (no placement agencies, no KP2MI)."""
    advice = screening.default_screener().ruleset.advice
    key = {"tinggi": "high", "sedang": "medium", "rendah": "low"}[result.level]
    suffix = "en" if english() else "id"
    local = advice.get(f"{key}_local_{suffix}") if "local" in result.notes else None
    parts = [local or advice.get(f"{key}_{suffix}", "")]
    if "warning" in result.notes:
        parts.append(advice.get(f"warning_{suffix}", ""))
    return " ".join(p for p in parts if p)


def general_advice(result=None) -> str:
    advice = screening.default_screener().ruleset.advice
    suffix = "en" if english() else "id"
    if result is not None and "local" in result.notes:
        return advice.get(f"general_local_{suffix}", "") or advice.get(f"general_{suffix}", "")
    return advice.get(f"general_{suffix}", "")


def hotlines(result=None) -> list[dict]:
    """The ruleset's hotlines; those for work abroad (``abroad = true``) only when the post
    names work abroad."""
    local = result is not None and "local" in result.notes
    return [
        {
            "name": h.get("name", ""),
            "numbers": h.get("numbers", []),
            "web": h.get("web", ""),
            "use": h.get("use_en" if english() else "use_id", ""),
        }
        for h in screening.default_screener().ruleset.hotlines
        if not (local and h.get("abroad"))
    ]


def report_url(entities) -> str:
    """``/lapor/?phone=…&account=…&company=…&destination=…&from=cek-lowongan``: identifiers
    only, never the post's text (a URL ends up in logs and browser history)."""
    try:
        base = reverse("cases:report_public")
    except NoReverseMatch:
        base = REPORT_FALLBACK_URL
    params = [
        ("phone", [e for _span, e in entities.phones]),
        ("account", [value for _span, _platform, value in entities.accounts]),
        ("email", [span.text for span in entities.emails]),
        ("company", [c.name for c in entities.companies]),
        ("destination", sorted({code for _span, code, _name in entities.destinations})),
    ]
    query = [
        (key, v) for key, values in params for v in list(dict.fromkeys(values))[:MAX_PER_IDENTIFIER]
    ]
    query.append(("from", "cek-lowongan"))
    return f"{base}?{urlencode(query)}"


def present(result, text: str) -> dict:
    """Everything the result template needs."""
    return {
        "result": result,
        "label": level_label(result.level),
        "highlighted": highlight(text, result.reasons),
        "risks": [reason_view(r) for r in result.risk_reasons],
        "protective": [reason_view(r) for r in result.protective_reasons],
        "entities": result.entities,
        "places": _places(result.entities),
        "salaries": [_money(s) for s in result.entities.salaries],
        "fees": [_money(s) for s in result.entities.fees],
        "show_registry": bool(result.entities.companies or result.entities.licences),
        "level_advice": level_advice(result),
        "general_advice": general_advice(result),
        "hotlines": hotlines(result),
        "report_url": report_url(result.entities),
    }


def _places(entities) -> list[str]:
    seen = dict.fromkeys(f"{name.title()} ({code})" for _s, code, name in entities.destinations)
    return list(seen)


def _money(salary) -> dict:
    low, high = salary.amount_idr_month, salary.amount_idr_month_max
    amount = rupiah(low) if high <= low else f"{rupiah(low)} – {rupiah(high)}"
    return {"text": salary.span.text, "amount": amount}


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")
