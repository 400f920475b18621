"""Phone numbers: find them in free text and normalise them to E.164.

Indonesian mobile numbers are by far the most common in reports and job posts, so they take a
fast path that follows the ``phonenumbers`` metadata for region ID (mobile national numbers are
``8[1-35-9]`` followed by 7 to 10 digits). Everything else goes through ``phonenumbers``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

# A candidate starts with "+", "(" or a digit and is made of digits and the separators people
# type between groups. The length bound keeps the scan linear.
_CANDIDATE = re.compile(r"[+(0-9][0-9 ().\-/]{6,28}[0-9]")
_ID_MOBILE = re.compile(r"8[1-35-9][0-9]{7,10}")
_NON_DIGIT = re.compile(r"[^0-9]")
# Amounts of money look like numbers too; these prefixes rule a candidate out.
_MONEY_BEFORE = re.compile(r"(?:rp|idr|usd|rm|\$|nt|sgd|myr|s\$)\.?\s?$", re.IGNORECASE)
_GROUPED_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]{3})+$")


def normalize_phone(raw: str, region: str = "ID") -> str | None:
    """Return ``raw`` as an E.164 string such as ``+6281234567890``, or None if it is not a
    valid phone number. Numbers without a country code are read as numbers of ``region``."""
    if not raw:
        return None
    digits = _NON_DIGIT.sub("", raw)
    if not 7 <= len(digits) <= 15:
        return None
    international = raw.lstrip().startswith("+") or raw.lstrip().startswith("00")
    if region == "ID":
        fast = _indonesian_mobile(digits, international)
        if fast:
            return fast
    return _parse(("+" + digits.removeprefix("00")) if international else digits, region)


def _indonesian_mobile(digits: str, international: bool) -> str | None:
    if international:
        national = digits.removeprefix("00")
        if not national.startswith("62"):
            return None
        national = national[2:]
    elif digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if _ID_MOBILE.fullmatch(national):
        return "+62" + national
    return None


@lru_cache(maxsize=4096)
def _parse(number: str, region: str) -> str | None:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def find_phones(text: str, region: str = "ID") -> list[tuple[tuple[int, int], str]]:
    """Find phone numbers in ``text``: a list of ((start, end), e164), in text order.

    Amounts of money ("Rp 15.000.000") and numbers glued to letters are skipped."""
    found: list[tuple[tuple[int, int], str]] = []
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        if start and (text[start - 1].isalnum() or text[start - 1] == "+"):
            continue
        if end < len(text) and text[end].isalnum():
            continue
        raw = match.group()
        if _GROUPED_THOUSANDS.match(raw) or _MONEY_BEFORE.search(text, max(0, start - 5), start):
            continue
        e164 = normalize_phone(raw, region)
        if e164:
            found.append(((start, end), e164))
    return found


def country_of(e164: str) -> str | None:
    """The ISO 3166 region code of an E.164 number ("+855..." -> "KH"), or None."""
    if e164.startswith("+62"):
        return "ID"
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None
