"""Suspect identifiers from free text: phone numbers (E.164), social media handles and links,
company names. Each is normalised so that different spellings of one identifier agree."""

import re

from sigap.cases.choices import IdentifierKind
from sigap.lib.phones import find_phones, normalize_phone

_URL_HANDLES = [  # fmt: skip
    (
        IdentifierKind.PHONE,
        re.compile(r"(?:wa\.me|api\.whatsapp\.com/send\?phone=)/?\+?(\d{8,15})", re.I),
    ),
    (IdentifierKind.TELEGRAM, re.compile(r"(?:t\.me|telegram\.me)/@?([a-z0-9_]{4,32})", re.I)),
    (
        IdentifierKind.FACEBOOK,
        re.compile(r"(?:facebook\.com|fb\.com|fb\.me)/([a-z0-9.\-]{3,60})", re.I),
    ),
    (IdentifierKind.TIKTOK, re.compile(r"tiktok\.com/@([a-z0-9_.]{2,32})", re.I)),
    (IdentifierKind.INSTAGRAM, re.compile(r"instagram\.com/([a-z0-9_.]{2,30})", re.I)),
]
# "telegram: @agen_kerja", "tiktok @loker.kamboja", "ig: lokerluar"
_LABELLED = re.compile(
    r"\b(telegram|tele|tg|tiktok|tt|instagram|ig|facebook|fb)\s*[:=]?\s*@?([a-z0-9_.\-]{2,60})",
    re.I,
)
_LABEL_KIND = {
    "telegram": IdentifierKind.TELEGRAM, "tele": IdentifierKind.TELEGRAM,
    "tg": IdentifierKind.TELEGRAM, "tiktok": IdentifierKind.TIKTOK, "tt": IdentifierKind.TIKTOK,
    "instagram": IdentifierKind.INSTAGRAM, "ig": IdentifierKind.INSTAGRAM,
    "facebook": IdentifierKind.FACEBOOK, "fb": IdentifierKind.FACEBOOK,
}  # fmt: skip
# "PT Maju Jaya Abadi", "CV. Sinar Harapan"
_COMPANY = re.compile(r"\b(PT|CV|LPK|P3MI|PJTKI|Yayasan)\.?\s+((?:[A-Z][\w&.\-]*\s?){1,5})")
_COMPANY_NOISE = re.compile(r"[^a-z0-9]")


def extract(text: str) -> list[tuple[str, str]]:
    """(kind, normalised value) pairs found in ``text``, without duplicates, in text order."""
    found: list[tuple[str, str]] = []
    for _span, e164 in find_phones(text or ""):
        found.append((IdentifierKind.PHONE, e164))
    for kind, pattern in _URL_HANDLES:
        for match in pattern.finditer(text or ""):
            value = match.group(1)
            if kind == IdentifierKind.PHONE:
                value = normalize_phone("+" + value) or ""
            found.append((kind, value.lower().rstrip(".")))
    for match in _LABELLED.finditer(text or ""):
        found.append((_LABEL_KIND[match.group(1).lower()], match.group(2).lower().rstrip(".")))
    for match in _COMPANY.finditer(text or ""):
        name = _COMPANY_NOISE.sub("", match.group(2).lower())
        if len(name) >= 3:
            found.append((IdentifierKind.COMPANY, f"{match.group(1).lower()} {name}"))
    return list(dict.fromkeys((k, v) for k, v in found if v))


def hint(kind: str, value: str) -> str:
    """A masked form for the triage page: enough to tell two identifiers apart, not to call."""
    if kind == IdentifierKind.PHONE and len(value) > 8:
        return value[:6] + "•" * (len(value) - 10) + value[-4:]
    if len(value) <= 4:
        return value[0] + "•••"
    return value[:3] + "•••" + value[-2:]
