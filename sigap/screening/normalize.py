"""Normalise informal Indonesian (and Malay/English) posts for matching, keeping a map back to
the original text so that every match can be highlighted where the person typed it.

Two steps, each with its own offset map:

1. *fold*: lower case; fancy Unicode letters (bold, full-width, accents) to plain ASCII;
   zero-width characters removed; emoji and symbols to a space, except a few that carry meaning
   in job posts (a plane, money, a country flag).
2. *rewrite*: slang and abbreviations to one spelling ("gj" -> "gaji", "dibthkn" -> "dibutuhkan",
   "tdk" -> "tidak"), amounts glued to units ("15jt" -> "15 juta"), letters spread out to dodge
   filters ("g a j i", "W.A") joined, and letters repeated for emphasis ("gajiii") reduced.

Each rewrite runs only when a cheap check says it can apply, because most posts need few of them
and the engine has a budget of tens of microseconds per post.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Span

# Slang, abbreviations and spelling variants -> the form the ruleset is written in.
ABBREVIATIONS: dict[str, str] = {
    # gaji
    "gj": "gaji",
    "gji": "gaji",
    "gajih": "gaji",
    "gajinya": "gaji",
    "salary": "gaji",
    # dibutuhkan / lowongan
    "dibthkn": "dibutuhkan",
    "dbtuhkan": "dibutuhkan",
    "dibutuhkn": "dibutuhkan",
    "dibtuhkan": "dibutuhkan",
    "dbthkn": "dibutuhkan",
    "dbutuhkan": "dibutuhkan",
    "loker": "lowongan kerja",
    "lowker": "lowongan kerja",
    "lowongn": "lowongan",
    "jawatan": "lowongan",
    # contact
    "hub": "hubungi",
    "hubngi": "hubungi",
    "hbgi": "hubungi",
    "hbungi": "hubungi",
    "hubugi": "hubungi",
    "whatsapp": "wa",
    "whatapp": "wa",
    "watsap": "wa",
    "wasap": "wa",
    "whatsap": "wa",
    "watsapp": "wa",
    "wha": "wa",
    "tele": "telegram",
    "tlgrm": "telegram",
    "telegramm": "telegram",
    "tlp": "telepon",
    "telp": "telepon",
    "nmr": "nomor",
    "no.hp": "nomor",
    # function words
    "tdk": "tidak",
    "tak": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "takde": "tidak ada",
    "yg": "yang",
    "krn": "karena",
    "karna": "karena",
    "krna": "karena",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "bs": "bisa",
    "bsa": "bisa",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "blm": "belum",
    "jg": "juga",
    "sj": "saja",
    "aja": "saja",
    "org": "orang",
    "sy": "saya",
    "sya": "saya",
    "kpd": "kepada",
    "bkn": "bukan",
    "sgt": "sangat",
    "bgt": "banget",
    "lgsg": "langsung",
    "lgsung": "langsung",
    "langsng": "langsung",
    "sgr": "segera",
    "sgera": "segera",
    "cpt": "cepat",
    "cepet": "cepat",
    "brgkt": "berangkat",
    "brangkat": "berangkat",
    "berangkt": "berangkat",
    "pengalamn": "pengalaman",
    "ngetik": "mengetik",
    "ketik2": "mengetik",
    "pngalaman": "pengalaman",
    "tnp": "tanpa",
    "tnpa": "tanpa",
    "bln": "bulan",
    "bulanan": "bulan",
    "perbulan": "per bulan",
    "sebulan": "per bulan",
    "thn": "tahun",
    "th": "tahun",
    "thun": "tahun",
    "trf": "transfer",
    "tf": "transfer",
    "rek": "rekening",
    "rekning": "rekening",
    "adm": "administrasi",
    "admnistrasi": "administrasi",
    "syarat2": "syarat",
    "cs": "customer service",
    "ditanggung2": "ditanggung",
    "free": "gratis",
    "kmboja": "kamboja",
    "kamboj": "kamboja",
    "cambodia": "kamboja",
    "kemboja": "kamboja",
    "cambodja": "kamboja",
    "myanmmar": "myanmar",
    "burma": "myanmar",
    "thailan": "thailand",
    "thai": "thailand",
    "japan": "jepang",
    "msia": "malaysia",
    "m'sia": "malaysia",
    "malay": "malaysia",
    "pnompenh": "phnom penh",
    "phnompenh": "phnom penh",
}

# Emoji and symbols that carry meaning in job posts.
_SYMBOL_WORDS = {
    "\u2708": " pesawat ",
    "\U0001f6eb": " pesawat ",
    "\U0001f6ec": " pesawat ",
    "\U0001f4b0": " uang ",
    "\U0001f4b5": " uang ",
    "\U0001f4b8": " uang ",
    "\U0001f911": " uang ",
    "\u260e": " telepon ",
    "\U0001f4de": " telepon ",
    "\U0001f4f1": " telepon ",
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00a0": " ",
}
_FLAGS = {
    "KH": " kamboja ",
    "MM": " myanmar ",
    "TH": " thailand ",
    "LA": " laos ",
    "PH": " filipina ",
    "MY": " malaysia ",
    "SG": " singapura ",
    "JP": " jepang ",
    "KR": " korea ",
    "TW": " taiwan ",
    "HK": " hong kong ",
    "SA": " arab saudi ",
    "AE": " uni emirat arab ",
    "ID": " indonesia ",
}
_REGIONAL_A = 0x1F1E6

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_UNIT = re.compile(r"[0-9](\s?(?:jt|jta|jtan|juta|jutaan|rb|rbu|rban|ribu|k))\b")
_UNIT_CANON = {"jt": " juta", "jta": " juta", "jtan": " juta", "juta": " juta", "jutaan": " juta"}
_SPACED = re.compile(r"(?<![a-z0-9])[a-z](?:[ .*_\-]{1,2}[a-z](?![a-z0-9])){1,40}")
_SPACED_PAIRS = frozenset({"wa", "pt", "cv", "cs", "dm", "tg", "ig", "fb", "hp", "kk"})
_REPEAT = re.compile(r"([a-z])\1{2,}")
_TRIPLES = tuple(c * 3 for c in "abcdefghijklmnopqrstuvyz")  # not "www": links keep it
_SINGLE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_SEPARATORS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\r\x0b\x0c"
_WORD_SEP = str.maketrans({c: " " for c in _SEPARATORS})
_WORD_SEP_BYTES = bytes.maketrans(_SEPARATORS.encode(), b" " * len(_SEPARATORS))
_ABBR_PATTERNS = {k: re.compile(re.escape(k) + r"(?![a-z0-9])") for k in ABBREVIATIONS}
_ABBR_KEYS = frozenset(ABBREVIATIONS)


def words_of(text: str) -> frozenset[str]:
    """The set of words in an already folded text (punctuation splits words)."""
    if text.isascii():  # bytes.translate is a table lookup, str.translate a dict lookup per char
        return frozenset(text.encode().translate(_WORD_SEP_BYTES).decode().split())
    return frozenset(text.translate(_WORD_SEP).split())


class _Map:
    """Chunks of an output string and the stretch of the input each came from."""

    __slots__ = ("out_starts", "in_starts", "in_ends", "copied")

    def __init__(self) -> None:
        self.out_starts: list[int] = []
        self.in_starts: list[int] = []
        self.in_ends: list[int] = []
        self.copied: list[bool] = []

    def add(self, out_start: int, in_start: int, in_end: int, copied: bool) -> None:
        self.out_starts.append(out_start)
        self.in_starts.append(in_start)
        self.in_ends.append(in_end)
        self.copied.append(copied)

    def start(self, pos: int) -> int:
        k = max(bisect_right(self.out_starts, pos) - 1, 0)
        if self.copied[k]:
            return self.in_starts[k] + (pos - self.out_starts[k])
        return self.in_starts[k]

    def end(self, pos: int) -> int:
        """Map an exclusive end position."""
        if pos <= 0:
            return 0
        k = max(bisect_right(self.out_starts, pos - 1) - 1, 0)
        if self.copied[k]:
            return self.in_starts[k] + (pos - self.out_starts[k])
        return self.in_ends[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``(self.start(start), self.end(end))`` in one call: spans are mapped by the thousand.
        (The first chunk starts at 0, so bisect_right() - 1 is never below 0 here.)"""
        outs, ins = self.out_starts, self.in_starts
        k = bisect_right(outs, start) - 1
        mapped_start = ins[k] + (start - outs[k]) if self.copied[k] else ins[k]
        if end <= 0:
            return mapped_start, 0
        k = bisect_right(outs, end - 1) - 1
        return mapped_start, ins[k] + (end - outs[k]) if self.copied[k] else self.in_ends[k]


@dataclass(frozen=True, slots=True)
class Normalized:
    original: str
    text: str
    words: frozenset[str]
    fold_map: _Map | None = None
    rewrite_map: _Map | None = None
    # Spans already mapped back: entities and reasons often ask for the same stretch twice.
    _spans: dict[tuple[int, int], Span] = field(default_factory=dict, compare=False, repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.rewrite_map is not None:
            start, end = self.rewrite_map.span(start, end)
        if self.fold_map is not None:
            start, end = self.fold_map.span(start, end)
        return start, max(start, end)

    def span(self, start: int, end: int) -> Span:
        if self.rewrite_map is None and self.fold_map is None:
            return Span(start, end, self.original[start:end])
        found = self._spans.get((start, end))
        if found is None:
            s, e = self.to_original(start, end)
            found = self._spans[start, end] = Span(s, e, self.original[s:e])
        return found


def normalize(text: str) -> Normalized:
    folded, fold_map = fold(text)
    words = words_of(folded)
    edits = _rewrites(folded, words)
    if not edits:
        return Normalized(text, folded, words, fold_map, None)
    out, rewrite_map = _apply(folded, edits)
    return Normalized(text, out, words_of(out), fold_map, rewrite_map)


def fold(text: str) -> tuple[str, _Map | None]:
    low = text.lower()
    if low.isascii() and len(low) == len(text):
        return low, None
    pieces: list[str] = []
    fmap = _Map()
    pos = out_len = 0
    for run in _NON_ASCII_RUN.finditer(text):
        if run.start() > pos:
            chunk = text[pos : run.start()].lower()
            fmap.add(out_len, pos, run.start(), True)
            pieces.append(chunk)
            out_len += len(chunk)
        i, end = run.start(), run.end()
        while i < end:
            ch = text[i]
            width = 1
            code = ord(ch)
            if (
                0x1F1E6 <= code <= 0x1F1FF
                and i + 1 < end
                and 0x1F1E6 <= ord(text[i + 1]) <= 0x1F1FF
            ):
                pair = chr(code - _REGIONAL_A + 65) + chr(ord(text[i + 1]) - _REGIONAL_A + 65)
                rep = _FLAGS.get(pair, " ")
                width = 2
            else:
                rep = _fold_char(ch)
            fmap.add(out_len, i, i + width, False)
            pieces.append(rep)
            out_len += len(rep)
            i += width
        pos = end
    if pos < len(text):
        fmap.add(out_len, pos, len(text), True)
        pieces.append(text[pos:].lower())
    return "".join(pieces), fmap


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _SYMBOL_WORDS:
        return _SYMBOL_WORDS[ch]
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me"):  # zero-width joiners, variation selectors, accents
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if plain and plain.isascii():
        return plain
    if category[0] in "LN":
        return ch.lower()
    return " "


def _rewrites(text: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for m in _UNIT.finditer(text):
        unit = m.group(1)
        canon = _UNIT_CANON.get(unit.strip(), " ribu")
        if unit != canon:
            edits.append((m.start(1), m.end(1), canon))
    if len(_SINGLE_LETTERS.intersection(words)) >= 2:
        for m in _SPACED.finditer(text):
            joined = "".join(c for c in m.group() if c.isalpha())
            if len(joined) >= 3 or joined in _SPACED_PAIRS:
                edits.append((m.start(), m.end(), joined))
    for key in _ABBR_KEYS.intersection(words):
        for m in _ABBR_PATTERNS[key].finditer(text):
            s = m.start()
            if s and (text[s - 1].isalnum()):
                continue
            edits.append((s, m.end(), ABBREVIATIONS[key]))
    # A regex scan for repeats costs more than 26 substring tests, and most posts have none.
    if any(map(text.__contains__, _TRIPLES)):
        for m in _REPEAT.finditer(text):
            edits.append((m.start(), m.end(), m.group(1)))
    return edits


def word_positions(text: str, word: str, limit: int = 200) -> list[int]:
    """Start positions of ``word`` as a whole word in ``text`` (at most ``limit``)."""
    found: list[int] = []
    size = len(word)
    pos = text.find(word)
    while pos != -1 and len(found) < limit:
        end = pos + size
        if (pos == 0 or not text[pos - 1].isalnum()) and (
            end >= len(text) or not text[end].isalnum()
        ):
            found.append(pos)
        pos = text.find(word, pos + 1)
    return found


def _apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, _Map]:
    edits.sort(key=lambda e: (e[0], -e[1]))
    pieces: list[str] = []
    rmap = _Map()
    pos = out_len = 0
    for start, end, rep in edits:
        if start < pos:  # overlaps an earlier edit: the earlier (longer) one wins
            continue
        if start > pos:
            rmap.add(out_len, pos, start, True)
            pieces.append(text[pos:start])
            out_len += start - pos
        rmap.add(out_len, start, end, False)
        pieces.append(rep)
        out_len += len(rep)
        pos = end
    if pos < len(text) or not pieces:
        rmap.add(out_len, pos, len(text), True)
        pieces.append(text[pos:])
    return "".join(pieces), rmap
