"""Hostile input shapes: texts built to make a regular expression or a scan take more than
linear time. The scaling test (tests/screening/test_scaling.py) screens each at 1x, 4x and 16x
length; the bench (bench/screening.py) reports the slowest at the page's limit of 20,000
characters as ``worst_case_ms``.

Each shape is a unit repeated: a run of company suffixes ("bhd-bhd-..."), separators, digits
grouped like money, repeated trigger phrases, combining marks, handles and addresses, spaced
letters. New shapes go here when a slow input is found, so that both keep checking it.
"""

from __future__ import annotations

# name -> (head, unit, tail): the text is head + unit * k + tail
SHAPES: dict[str, tuple[str, str, str]] = {
    "suffix_dash": ("", "bhd-", ""),
    "suffix_after_ltd": ("ltd ", "a-", ""),
    "suffix_words": ("", "Sdn Bhd ", ""),
    "suffix_co_ltd": ("", "Co., Ltd ", ""),
    "suffix_names": ("", "Maju Jaya Abadi Ltd ", ""),
    "prefix_pt": ("", "PT ", ""),
    "prefix_words": ("PT ", "Maju ", ""),
    "separators": ("", "-_.", ""),
    "separators_spaced": ("gaji", " . ", "besar"),
    "digits": ("", "1", ""),
    "digit_groups": ("rp ", "1.000", ""),
    "digit_commas": ("", "1,", " juta"),
    "digit_ranges": ("", "1-2 juta ", ""),
    "phones": ("", "0812-3456 ", ""),
    "phrase_repeat": ("", "gaji 15 juta visa turis berangkat minggu ini ", ""),
    "trigger_gap": ("", "tanpa aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ", ""),
    "long_word": ("kerja ", "a", ""),
    "negators": ("", "tidak bukan jangan ", ""),
    "combining": ("", "a\u0301\u0302", ""),
    "combining_only": ("gaji ", "\u0301", ""),
    "flags_emoji": ("", "\U0001f1f0\U0001f1ed\u2708", ""),
    "odd_cases": ("", "\u0130\u017f\u212a ", ""),
    "emails": ("", "a.b@c-d.ef ", ""),
    "at_signs": ("", "@a", ""),
    "email_locals": ("", "a.a.a.a.a.a.a.a.", "@x.io"),
    "links": ("", "t.me/", ""),
    "handles": ("telegram ", "@abc_", ""),
    "spaced_letters": ("", "g a j i ", ""),
    "repeated_letters": ("", "gajiii ", ""),
    "ages": ("", "usia 18-", ""),
    "licences": ("", "sip3mi no. ", ""),
    "money_units": ("", "15jt ", ""),
    "currencies": ("", "rm rp $ ", ""),
    "places": ("", "kamboja arab saudi ", ""),
    "abbreviations": ("", "yg gk tdk bs ", ""),
    "newlines": ("", "\n\r\t", ""),
}


def build(name: str, length: int) -> str:
    """The shape ``name`` repeated to ``length`` characters (cut to exactly that length)."""
    head, unit, tail = SHAPES[name]
    body = max(0, length - len(head) - len(tail))
    return (head + unit * (body // len(unit) + 1))[: length - len(tail)] + tail
