"""Area search that forgives spelling, over all 91,599 areas, in memory.

Areas are reference data that change only when ``import_areas`` runs, so each process builds one
index lazily and keeps it; a cheap signature (row count and highest code) is checked at most
every ``CHECK_SECONDS`` to notice an import made by another process, and ``invalidate()`` drops
the index at once.

Matching works on ``search_key`` (lowercase letters and digits, so "Ketawang Gede" and
"Ketawanggede" agree), in stages, best first:

1. an area code, or the whole query equal to a name (or an alias: "Medan" for "Kota Medan");
2. a name that starts with the query, or a whole word of a name ("marelan");
3. a query that names a parent too ("terjun medan", "klojen kota malang"): the parent words are
   matched against regencies and kecamatan, and the rest is searched inside each of them;
4. fuzzy fallback with rapidfuzz's normalised Indel ratio, for misspellings.

Scores run from 0 to 100; ties go to the broader area, then to the lower code.
"""

import re
import threading
import time
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from sigap.regions.models import Area, Level, search_key

MIN_KEY = 2  # letters; shorter queries match too much to be useful
MAX_QUERY = 100  # characters; longer input is not an area name
PREFIX_MIN, FUZZY_MIN = 3, 4  # key lengths from which each stage runs
FUZZY_CUTOFF = 75  # Indel ratio; below this, matches are noise
PARENT_CUTOFF = 80
MAX_TOKENS = 5  # splits into name and parent grow with the words; real queries have few
CHECK_SECONDS = 10.0
# Whole country, as ``sigap.people.access.NATIONAL`` says it (regions may not import people).
NATIONAL = "*"

# Leading words that say which level is meant; they are dropped from the name and favour it.
LEVEL_WORDS = {
    "kel": Level.VILLAGE,
    "kelurahan": Level.VILLAGE,
    "desa": Level.VILLAGE,
    "ds": Level.VILLAGE,
    "kec": Level.DISTRICT,
    "kecamatan": Level.DISTRICT,
    "prov": Level.PROVINCE,
    "provinsi": Level.PROVINCE,
    "propinsi": Level.PROVINCE,
}
_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_WORD_SPLIT = re.compile(r"[\s,./()\-]+")


@dataclass(frozen=True)
class AreaMatch:
    code: str
    name: str
    level: int
    display: str  # "Kel. Terjun, Kec. Medan Marelan, Kota Medan"
    score: float


def aliases(level: int, key: str) -> list[str]:
    """Other keys people use: 'medan' for Kota Medan, 'jakarta' or 'dkijakarta' for DKI Jakarta."""
    out = []
    if level == Level.REGENCY:
        for prefix in ("kabupatenadministrasi", "kotaadministrasi", "kabupaten", "kota"):
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                out.append(key[len(prefix) :])
                if prefix == "kabupaten":
                    out.append("kab" + key[len(prefix) :])
                break
    elif level == Level.PROVINCE:
        for prefix, short in (("daerahkhususibukota", "dki"), ("daerahistimewa", "di")):
            if key.startswith(prefix):
                out += [key[len(prefix) :], short + key[len(prefix) :]]
    return out


def _fresh(text: str) -> str:
    # A new string object: lists of strings built in one go sit close together in memory,
    # which makes rapidfuzz's scan over tens of thousands of keys about three times faster.
    return (text + " ")[:-1]


class AreaIndex:
    """Everything search needs, in lists ordered by code so that a subtree is one slice."""

    def __init__(self, rows: list[tuple[str, str, int, str]]):
        rows.sort()
        self.codes = [r[0] for r in rows]
        self.names = [r[1] for r in rows]
        self.levels = [r[2] for r in rows]
        self.keys = [_fresh(r[3]) for r in rows]
        self.position = {code: i for i, code in enumerate(self.codes)}
        self.by_key: dict[str, list[int]] = {}
        self.by_word: dict[str, list[int]] = {}
        for i, (_code, name, level, key) in enumerate(rows):
            for k in [key, *aliases(level, key)]:
                self.by_key.setdefault(k, []).append(i)
            words = {search_key(w) for w in name.split()}
            for word in words - {key}:
                if len(word) >= PREFIX_MIN:
                    self.by_word.setdefault(word, []).append(i)
        self.sorted_keys = [_fresh(k) for k in sorted(self.by_key)]
        upper = {
            k
            for k, rows_ in self.by_key.items()
            if any(self.levels[i] <= Level.DISTRICT for i in rows_)
        }
        self.upper_keys = [_fresh(k) for k in sorted(upper)]

    def __len__(self) -> int:
        return len(self.codes)

    def subtree(self, code: str) -> tuple[int, int]:
        """Rows of ``code`` and its descendants: '/' sorts right after '.'."""
        return bisect_left(self.codes, code), bisect_left(self.codes, code + "/")

    def display(self, i: int) -> str:
        code, level = self.codes[i], self.levels[i]
        parts = [_labelled(code, level, self.names[i])]
        parent_codes = [".".join(code.split(".")[:n]) for n in range(level - 1, 0, -1)]
        for parent in parent_codes:
            j = self.position.get(parent)
            if j is not None and (self.levels[j] >= Level.REGENCY or level == Level.REGENCY):
                parts.append(_labelled(parent, self.levels[j], self.names[j]))
        return ", ".join(parts)


def _labelled(code: str, level: int, name: str) -> str:
    # Kemendagri's own abbreviations, the same in every language of the interface.
    if level == Level.VILLAGE:
        return ("Kel. " if code.rsplit(".", 1)[-1].startswith("1") else "Desa ") + name
    if level == Level.DISTRICT:
        return "Kec. " + name
    return name


# --- the per-process index ---------------------------------------------------------------

_lock = threading.Lock()
_state: dict = {"index": None, "signature": None, "checked": 0.0}


def _signature() -> tuple:
    row = Area.objects.aggregate(n=Count("code"), last=Max("code"))
    return row["n"], row["last"]


def get_index() -> AreaIndex:
    """The index, built on first use and rebuilt when the area table changed."""
    now = time.monotonic()
    if _state["index"] is not None and now - _state["checked"] < CHECK_SECONDS:
        return _state["index"]
    with _lock:
        signature = _signature()
        if _state["index"] is None or signature != _state["signature"]:
            rows = list(Area.objects.order_by().values_list("code", "name", "level", "search_key"))
            _state["index"] = AreaIndex(rows)
            _state["signature"] = signature
        _state["checked"] = time.monotonic()
        return _state["index"]


def invalidate() -> None:
    """Forget the index; the next search rebuilds it (call after importing areas)."""
    with _lock:
        _state.update(index=None, signature=None, checked=0.0)


# --- search ------------------------------------------------------------------------------


def search_areas(
    query: str, *, limit: int = 10, scope: list[str] | None = None, level: int | None = None
) -> list[AreaMatch]:
    """Areas matching ``query``, best first, limited to ``scope`` (codes with their subtrees).

    ``scope=None`` or ``["*"]`` searches the whole country; ``[]`` finds nothing. Queries that
    are empty, too short or too long give an empty list, never an exception.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY or limit <= 0:
        return []
    if scope is not None and not scope:
        return []
    words, hint = _words(query)
    full = "".join(words)
    if len(full) < MIN_KEY:
        return []
    index = get_index()
    ranges = _ranges(index, scope)
    if not ranges:
        return []
    found: dict[int, float] = {}
    if _CODE.match(query.strip()):
        _match_code(index, query.strip(), ranges, found)
        return _ranked(index, found, limit, level, hint)
    _match_name(index, full, ranges, found)
    for name, parent in _splits(words):
        _match_inside_parent(index, name, parent, ranges, found)
    if len(found) < limit and len(full) >= FUZZY_MIN:
        _merge(found, _fuzzy(index, full, ranges, limit * 3))
    return _ranked(index, found, limit, level, hint)


def _words(query: str) -> tuple[list[str], int | None]:
    words = [search_key(w) for w in _WORD_SPLIT.split(query.strip())]
    words = [w for w in words if w][: MAX_TOKENS + 1]
    hint = None
    if len(words) > 1 and words[0] in LEVEL_WORDS:
        hint = LEVEL_WORDS[words[0]]
        words = words[1:]
    elif len(words) > 1 and words[0] == "kab":
        words = ["kabupaten", *words[1:]]
    return words[:MAX_TOKENS], hint


def _ranges(index: AreaIndex, scope: list[str] | None) -> list[tuple[int, int]]:
    if scope is None or NATIONAL in scope:
        return [(0, len(index))]
    ranges = sorted(index.subtree(code) for code in scope)
    return [(lo, hi) for lo, hi in ranges if hi > lo]


def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(lo <= i < hi for lo, hi in ranges)


def _merge(found: dict[int, float], new: dict[int, float]) -> None:
    for i, score in new.items():
        if score > found.get(i, 0.0):
            found[i] = score


def _match_code(index, code, ranges, found) -> None:
    i = index.position.get(code)
    if i is not None and _inside(i, ranges):
        found[i] = 100.0


def _match_name(index, key, ranges, found, *, fuzzy=False) -> None:
    """Exact (100), prefix (80-90) and whole-word (85) matches of ``key`` within ``ranges``."""
    new: dict[int, float] = {}
    for i in index.by_key.get(key, ()):
        new[i] = 100.0
    if len(key) >= PREFIX_MIN:
        lo = bisect_left(index.sorted_keys, key)
        hi = bisect_left(index.sorted_keys, key + "\x7f")
        for other in index.sorted_keys[lo : min(hi, lo + 2000)]:
            if other != key:
                score = 80.0 + 10.0 * len(key) / len(other)
                for i in index.by_key[other]:
                    new.setdefault(i, score)
        for i in index.by_word.get(key, ()):
            new[i] = max(new.get(i, 0.0), 85.0)
    if fuzzy and not new and len(key) >= FUZZY_MIN:
        new = _fuzzy(index, key, ranges, 50)
    _merge(found, {i: s for i, s in new.items() if _inside(i, ranges)})


def _splits(words: list[str]):
    """(name, parent) pairs: "terjun medan" → (terjun, medan) and (medan, terjun)."""
    for cut in range(1, len(words)):
        head, tail = "".join(words[:cut]), "".join(words[cut:])
        yield head, tail
        yield tail, head


def _match_inside_parent(index, name, parent, ranges, found) -> None:
    if len(name) < MIN_KEY or len(parent) < PREFIX_MIN:
        return
    for j, parent_score in _parents(index, parent):
        lo, hi = index.subtree(index.codes[j])
        inner = _intersect(ranges, (lo + 1, hi))
        if not inner:
            continue
        inside: dict[int, float] = {}
        _match_name(index, name, inner, inside, fuzzy=True)
        weight = 0.8 + 0.2 * parent_score / 100.0
        _merge(found, {i: s * weight for i, s in inside.items()})


def _parents(index, key, most=5) -> list[tuple[int, float]]:
    """Regencies and kecamatan (and provinces) that ``key`` may name, best first."""
    scored: dict[int, float] = {}
    for i in index.by_key.get(key, ()):
        scored[i] = 100.0
    lo = bisect_left(index.upper_keys, key)
    hi = bisect_left(index.upper_keys, key + "\x7f")
    for other in index.upper_keys[lo : min(hi, lo + 50)]:
        for i in index.by_key[other]:
            scored.setdefault(i, 90.0)
    if not scored and len(key) >= FUZZY_MIN:
        for other, score, _ in process.extract(
            key, index.upper_keys, scorer=fuzz.ratio, limit=most, score_cutoff=PARENT_CUTOFF
        ):
            for i in index.by_key[other]:
                scored.setdefault(i, score * 0.9)
    upper = [(i, s) for i, s in scored.items() if index.levels[i] <= Level.DISTRICT]
    upper.sort(key=lambda item: (-item[1], index.levels[item[0]], item[0]))
    return upper[:most]


def _intersect(ranges, span) -> list[tuple[int, int]]:
    out = [(max(lo, span[0]), min(hi, span[1])) for lo, hi in ranges]
    return [(lo, hi) for lo, hi in out if hi > lo]


def _fuzzy(index, key, ranges, most) -> dict[int, float]:
    """Misspellings: the best Indel ratios, scaled below every exact or prefix match."""
    if ranges == [(0, len(index))]:
        choices = index.sorted_keys
        rows_of = lambda n: index.by_key[choices[n]]  # noqa: E731
    else:
        offsets = [i for lo, hi in ranges for i in range(lo, hi)]
        choices = [index.keys[i] for i in offsets]
        rows_of = lambda n: [offsets[n]]  # noqa: E731
    if not choices:
        return {}
    scores = process.cdist(
        [key], choices, scorer=fuzz.ratio, dtype=np.uint8, workers=1, score_cutoff=FUZZY_CUTOFF
    )[0]
    hits = np.flatnonzero(scores)
    if len(hits) > most:
        hits = hits[np.argpartition(scores[hits], -most)[-most:]]
    out: dict[int, float] = {}
    for n in hits:
        for i in rows_of(int(n)):
            if _inside(i, ranges):
                out[i] = float(scores[n]) * 0.9
    return out


def _ranked(index, found, limit, level, hint) -> list[AreaMatch]:
    def adjusted(i: int) -> float:
        score = found[i]
        if hint is not None:
            score += 5.0 if index.levels[i] == hint else -5.0
        return min(100.0, score)

    rows = [i for i in found if level is None or index.levels[i] == level]
    rows.sort(key=lambda i: (-adjusted(i), index.levels[i], index.codes[i]))
    return [
        AreaMatch(
            code=index.codes[i],
            name=index.names[i],
            level=index.levels[i],
            display=index.display(i),
            score=round(adjusted(i), 1),
        )
        for i in rows[:limit]
    ]
