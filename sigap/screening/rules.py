"""Load a versioned ruleset and match its phrases against normalised text.

A flag's phrases are compiled into one regular expression. To stay within a budget of tens of
microseconds per post, expressions only run where they can match:

* every phrase starts with a *trigger word*; the post's words meet the trigger words in one set
  intersection, and only the flags with a trigger that is there are tried, where it stands;
* a flag is not tried at a trigger when the word its phrases need next ("di" -> "bawah" in
  "di bawah umur") is not in the post, which one set test tells;
* a negator expression runs only when one of its words is in the post.

The phrase syntax cannot express nested repetition, and every repetition it compiles to has an
upper bound (separators, gaps, word endings), so a match attempt reads a bounded stretch of text
and no ruleset can make the engine take more than linear time (tests/screening/test_scaling.py).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import LEVELS, STRENGTHS, Flag
from .normalize import Normalized, word_positions

RULESET_DIR = Path(__file__).parent / "rulesets"
DEFAULT_RULESET = RULESET_DIR / "id-2026.2.toml"
MAX_SPANS_PER_FLAG = 20

_SEP = r"[\W_]{1,6}"
_GAP_WORD = r"[a-z0-9]{1,40}"  # a word skipped by a gap: bounded, like every repetition here
_END = r"(?![a-z0-9])"
_SUBWORD = re.compile(r"[a-z0-9]+")
# Text made only of lower-case ASCII letters, digits, punctuation and white space: there, the
# post's words (split at punctuation and spaces) are exactly its runs of [a-z0-9].
_NOT_PLAIN = re.compile(r"[^\x09-\x0d\x1c-\x40\x5b-\x7e]")
_MAX_POSITIONS = 200  # places of one trigger word tried per post (bounds huge inputs)
_ALT_OK = re.compile(r"[a-z0-9.\-/$'+&@_]+\*?")


class RulesetError(ValueError):
    """The ruleset file is invalid; the message names the flag and the problem."""


@dataclass(frozen=True, slots=True)
class Destination:
    code: str
    name_id: str
    name_en: str
    status: str  # banned / risky / kepmenaker_260 / open / domestic
    basis: str


@dataclass(slots=True)
class CompiledFlag:
    flag: Flag
    regex: re.Pattern[str] | None
    triggers: frozenset[str] | None  # None: run on every post
    anchored: bool = False  # every phrase starts with a trigger word: match only there
    derived: str = ""
    requires: str = ""
    show: bool = True
    neg_before: re.Pattern[str] | None = None
    neg_after: re.Pattern[str] | None = None
    yield_to: tuple[str, ...] = ()  # drop matches that overlap a match of these flags
    # trigger word -> words of which one must be in the post for a phrase to match there
    # (None: no such test)
    needs: dict[str, frozenset[str] | None] = field(default_factory=dict)
    neg_words: frozenset[str] | None = None  # a negator (before) needs one of these words


@dataclass(slots=True)
class Ruleset:
    version: str
    flags: list[CompiledFlag]
    destinations: dict[str, Destination]
    places: dict[str, list[tuple[str, str]]]  # first word -> [(place name, country code)]
    exchange_rates: dict[str, float]
    thresholds: dict[str, int]
    scoring: dict[str, int]
    model: dict[str, float]
    advice: dict[str, str]
    hotlines: list[dict[str, Any]]
    salary_lures: frozenset[str] = frozenset()  # flags that make a high wage a lure
    by_id: dict[str, CompiledFlag] = field(default_factory=dict)
    trigger_index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    trigger_words: frozenset[str] = frozenset()
    always_run: tuple[int, ...] = ()
    derived_indexes: tuple[int, ...] = ()
    index_of: dict[str, int] = field(default_factory=dict)
    place_words: frozenset[str] = frozenset()
    yielding: frozenset[str] = frozenset()
    anchored_words: frozenset[str] = frozenset()  # the trigger words of anchored flags
    at_trigger: dict[str, tuple[tuple[int, CompiledFlag, frozenset[str] | None], ...]] = field(
        default_factory=dict
    )

    def match(self, norm: Normalized) -> dict[str, list[tuple[int, int]]]:
        """Spans (in the normalised text) of every pattern flag that fired."""
        text = norm.text
        found: dict[int, list[tuple[int, int]]] = {}
        if self.anchored_words:
            self._match_at_triggers(text, norm.words, found)
        candidates = set(self.always_run)
        for word in self.trigger_words.intersection(norm.words):
            candidates.update(self.trigger_index[word])
        positions: dict[str, list[int]] = {}
        for index in candidates:
            compiled = self.flags[index]
            if compiled.anchored:
                spans = _find_at(compiled, text, norm.words, positions)
            else:
                spans = _find(compiled, text)
            if spans:
                found[index] = spans
        hits = {self.flags[i].flag.id: found[i] for i in sorted(found)}
        for fid in self.yielding.intersection(hits):
            _yield(hits, fid, self.by_id[fid].yield_to)
        return hits

    def _match_at_triggers(
        self, text: str, words: frozenset[str], found: dict[int, list[tuple[int, int]]]
    ) -> None:
        """Try the anchored flags where their trigger words stand."""
        runs = words if _NOT_PLAIN.search(text) is None else frozenset(_SUBWORD.findall(text))
        for word in self.anchored_words.intersection(words):
            entries = [
                e for e in self.at_trigger[word] if e[2] is None or not e[2].isdisjoint(runs)
            ]
            if not entries:
                continue
            for start in word_positions(text, word, _MAX_POSITIONS):
                for index, compiled, _ in entries:
                    m = compiled.regex.match(text, start)  # type: ignore[union-attr]
                    if m is None or _negated(compiled, text, start, m.end(), runs):
                        continue
                    spans = found.get(index)
                    if spans is None:
                        found[index] = [(start, m.end())]
                    else:
                        spans.append((start, m.end()))
        for spans in found.values():
            if len(spans) > 1:
                spans.sort()
                del spans[MAX_SPANS_PER_FLAG:]


def _yield(hits: dict[str, list[tuple[int, int]]], fid: str, others: tuple[str, ...]) -> None:
    taken = [span for other in others for span in hits.get(other, ())]
    kept = [(s, e) for s, e in hits[fid] if not any(s < oe and os < e for os, oe in taken)]
    if kept:
        hits[fid] = kept
    else:
        del hits[fid]


def _find_at(
    compiled: CompiledFlag,
    text: str,
    words: frozenset[str],
    positions: dict[str, list[int]],
) -> list[tuple[int, int]]:
    """Try the flag's expression only where one of its trigger words starts."""
    match = compiled.regex.match  # type: ignore[union-attr]
    spans: list[tuple[int, int]] = []
    for word in compiled.triggers.intersection(words):  # type: ignore[union-attr]
        starts = positions.get(word)
        if starts is None:
            starts = positions[word] = word_positions(text, word)
        for start in starts:
            m = match(text, start)
            if m is None or _negated(compiled, text, start, m.end()):
                continue
            spans.append((start, m.end()))
    if len(spans) > 1:
        spans.sort()
    return spans[:MAX_SPANS_PER_FLAG]


def _negated(
    compiled: CompiledFlag, text: str, start: int, end: int, runs: frozenset[str] | None = None
) -> bool:
    """A negator up to two words before the match, or after it. ``runs`` (the post's [a-z0-9]
    runs) lets the expression before be skipped when none of its words is in the post."""
    before = compiled.neg_before
    if before is not None and (
        runs is None or compiled.neg_words is None or not compiled.neg_words.isdisjoint(runs)
    ):
        if before.search(text, max(0, start - 40), start):
            return True
    return bool(compiled.neg_after and compiled.neg_after.match(text[end : end + 40]))


def _find(compiled: CompiledFlag, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    search = compiled.regex.search  # type: ignore[union-attr]
    pos = 0
    while len(spans) < MAX_SPANS_PER_FLAG:
        m = search(text, pos)
        if m is None:
            break
        start, end = m.span()
        # A rejected match may hide a good one that starts inside it: retry one step on.
        if start and text[start - 1].isalnum():
            pos = start + 1
            continue
        if _negated(compiled, text, start, end):
            pos = start + 1
            continue
        spans.append((start, end))
        pos = max(end, start + 1)
    return spans


def compile_phrase(phrase: str) -> tuple[str, frozenset[str] | None, bool]:
    """Compile one phrase to a regular expression, its trigger words (None: no usable trigger,
    the phrase must run on every post) and whether the triggers are its first word."""
    tokens = phrase.split(" ")
    if not tokens or tokens[0].startswith(("~", "[")):
        raise RulesetError(f"phrase {phrase!r} must start with a required word")
    parts: list[str] = []
    triggers: frozenset[str] | None = None
    anchored = False
    for i, token in enumerate(tokens):
        if token.startswith("~"):
            gap = int(token[1:])
            if not 1 <= gap <= 4:
                raise RulesetError(f"phrase {phrase!r}: a gap is ~1 to ~4")
            parts.append(f"(?:{_SEP}{_GAP_WORD}){{0,{gap}}}")
            continue
        optional = token.startswith("[") and token.endswith("]")
        alts = (token[1:-1] if optional else token).split("|")
        for alt in alts:
            if not _ALT_OK.fullmatch(alt):
                raise RulesetError(f"phrase {phrase!r}: bad word {alt!r}")
        body = "(?:" + "|".join(_alt_regex(a) for a in sorted(alts, key=len, reverse=True)) + ")"
        if i == 0:
            parts.append(body)
        elif optional:
            parts.append(f"(?:{_SEP}{body})?")
        else:
            parts.append(_SEP + body)
        if triggers is None and not optional:
            triggers = _triggers(alts)
            anchored = i == 0 and triggers is not None
    return "".join(parts) + _END, triggers, anchored


def _alt_regex(alt: str) -> str:
    """One alternative: "_" joins words ("minggu_ini"), a final "*" allows a longer word."""
    prefix = alt.endswith("*")
    body = _SEP.join(re.escape(part) for part in alt.rstrip("*").split("_"))
    return body + "[a-z0-9]{0,15}" if prefix else body


def _triggers(alts: list[str]) -> frozenset[str] | None:
    words = []
    for alt in alts:
        if alt.endswith("*"):
            return None
        sub = _SUBWORD.search(alt)
        if not sub:
            return None
        words.append(sub.group())
    return frozenset(words)


def _negator(words: list[str], before: bool) -> re.Pattern[str] | None:
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if before:
        # The negating word, then at most two words, on the same line and within one clause.
        return re.compile(
            rf"(?<![a-z0-9])(?:{alts})(?:[ \t]{{1,8}}{_GAP_WORD}){{0,2}}[ \t]{{0,8}}$"
        )
    return re.compile(rf"[ \t]{{0,8}}(?:{_GAP_WORD}[ \t]{{1,8}}){{0,2}}(?:{alts})(?![a-z0-9])")


def load(path: str | Path = DEFAULT_RULESET) -> Ruleset:
    """The ruleset in ``path``, with the flags of the files it names in ``include`` (paths
    relative to it: one file per typology) added after its own, in that order."""
    path = Path(path)
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    for name in data.get("include", ()):
        with open(path.parent / name, "rb") as fh:
            extra = tomllib.load(fh)
        data["flag"] = [*data["flag"], *extra.get("flag", ())]
    return build(data)


def build(data: dict[str, Any]) -> Ruleset:
    scoring = data["scoring"]
    flags = [_compile_flag(raw, scoring) for raw in data["flag"]]
    destinations, places = _destinations(data["destinations"])
    ruleset = Ruleset(
        version=data["version"],
        flags=flags,
        destinations=destinations,
        places=places,
        exchange_rates={k.upper(): float(v) for k, v in data["exchange_rates"].items()},
        thresholds=dict(data["thresholds"]),
        scoring=dict(scoring),
        model=dict(data.get("model", {})),
        advice=dict(data["advice"]),
        hotlines=list(data.get("hotline", [])),
        salary_lures=frozenset(data.get("salary_lures", ("syarat_ringan", "peran_samar"))),
    )
    _index(ruleset)
    return ruleset


def _compile_flag(raw: dict[str, Any], scoring: dict[str, int]) -> CompiledFlag:
    fid = raw.get("id", "?")
    strength = raw.get("strength")
    if strength not in STRENGTHS:
        raise RulesetError(f"flag {fid}: strength must be one of {STRENGTHS}")
    rank = raw.get("rank", "")
    if strength == "protective" and rank not in ("strong", "medium", "weak"):
        raise RulesetError(f"flag {fid}: a protective flag needs rank strong/medium/weak")
    default_weight = scoring.get(f"protective_{rank}" if rank else strength, 0)
    flag = Flag(
        id=fid,
        strength=strength,
        weight=int(raw.get("weight", default_weight)),
        title_id=raw["title_id"],
        title_en=raw["title_en"],
        indicator=raw.get("indicator", ""),
        legal_basis=raw.get("legal_basis", ""),
        explanation_id=raw["explanation_id"],
        explanation_en=raw["explanation_en"],
        advice_id=raw.get("advice_id", ""),
        advice_en=raw.get("advice_en", ""),
        hard=bool(raw.get("hard", False)),
        protective_rank=rank,
    )
    regex, triggers, anchored = None, None, False
    needs: dict[str, frozenset[str] | None] = {}
    phrases = raw.get("patterns", [])
    if phrases:
        compiled = [compile_phrase(p) for p in phrases]
        regex = re.compile("|".join(f"(?:{r})" for r, _, _ in compiled))
        if all(t is not None for _, t, _ in compiled):
            triggers = frozenset().union(*(t for _, t, _ in compiled if t is not None))
        anchored = triggers is not None and all(a for _, _, a in compiled)
        if anchored:
            needs = _needs(phrases, [t for _, t, _ in compiled])
    elif not raw.get("derived"):
        raise RulesetError(f"flag {fid}: needs patterns or derived")
    return CompiledFlag(
        flag=flag,
        regex=regex,
        triggers=triggers,
        anchored=anchored,
        derived=raw.get("derived", ""),
        requires=raw.get("requires", ""),
        show=bool(raw.get("show", True)),
        neg_before=_negator(raw.get("negators", []), before=True),
        neg_after=_negator(raw.get("negators_after", []), before=False),
        yield_to=tuple(raw.get("yield_to", ())),
        needs=needs,
        neg_words=_first_words(raw.get("negators", [])),
    )


def _needs(
    phrases: list[str], triggers: list[frozenset[str] | None]
) -> dict[str, frozenset[str] | None]:
    """For each trigger word, the words of which one must be in the post for one of the phrases
    that start with it to match (None when some phrase needs nothing more)."""
    needs: dict[str, frozenset[str] | None] = {}
    for phrase, words in zip(phrases, triggers, strict=True):
        following = next((t for t in phrase.split(" ")[1:] if not t.startswith(("~", "["))), None)
        need = _first_words(following.split("|")) if following else None
        for word in words or ():
            current = needs.get(word)
            if word not in needs:
                needs[word] = need
            elif current is not None:
                needs[word] = None if need is None else current | need
    return needs


def _first_words(alts: list[str]) -> frozenset[str] | None:
    """The first word of each alternative: a text in which one of the alternatives stands has
    that word as a run of [a-z0-9]. None when an alternative does not start with a whole word
    ("word*" may go on with more letters)."""
    if not alts:
        return None
    words = []
    for alt in alts:
        first = _SUBWORD.match(alt)
        if first is None or alt[first.end() :].startswith("*"):
            return None
        words.append(first.group())
    return frozenset(words)


def _destinations(
    raw: dict[str, Any],
) -> tuple[dict[str, Destination], dict[str, list[tuple[str, str]]]]:
    destinations: dict[str, Destination] = {}
    places: dict[str, list[tuple[str, str]]] = {}
    for code, d in raw.items():
        destinations[code] = Destination(code, d["name_id"], d["name_en"], d["status"], d["basis"])
        for name in d["names"]:
            first = _SUBWORD.search(name)
            if first:
                places.setdefault(first.group(), []).append((name, code))
    for entries in places.values():
        entries.sort(key=lambda e: len(e[0]), reverse=True)
    return destinations, places


def _index(ruleset: Ruleset) -> None:
    index: dict[str, list[int]] = {}  # flags found by a search (not anchored at a trigger)
    at_trigger: dict[str, list[tuple[int, CompiledFlag, frozenset[str] | None]]] = {}
    always: list[int] = []
    for i, compiled in enumerate(ruleset.flags):
        ruleset.by_id[compiled.flag.id] = compiled
        ruleset.index_of[compiled.flag.id] = i
        if compiled.regex is None:
            continue
        if compiled.triggers is None:
            always.append(i)
        elif compiled.anchored:
            for word in compiled.triggers:
                at_trigger.setdefault(word, []).append((i, compiled, compiled.needs.get(word)))
        else:
            for word in compiled.triggers:
                index.setdefault(word, []).append(i)
    ruleset.trigger_index = {w: tuple(v) for w, v in index.items()}
    ruleset.trigger_words = frozenset(index)
    ruleset.at_trigger = {w: tuple(v) for w, v in at_trigger.items()}
    ruleset.anchored_words = frozenset(at_trigger)
    ruleset.always_run = tuple(always)
    ruleset.place_words = frozenset(ruleset.places)
    ruleset.derived_indexes = tuple(i for i, f in enumerate(ruleset.flags) if f.derived)
    ruleset.yielding = frozenset(f.flag.id for f in ruleset.flags if f.yield_to)


def decide_level(
    strong: int, medium: int, weak: int, p_strong: int, p_medium: int, hard: bool
) -> tuple[str, int]:
    """The level from the ILO/EC combination rule, then the protective adjustment, from the
    red flags by strength and the protective signals by rank.

    Returns the level and how many steps protective signals took off (for the explanation)."""
    # id-2026.2: a strong indicator alone, or several medium ones, make "tinggi"; any medium
    # one, or two weak ones, "sedang" (a second look).
    if strong >= 1 or medium >= 3:
        level = 2
    elif medium >= 1 or weak >= 2:
        level = 1
    else:
        level = 0
    points = 2 * p_strong + p_medium
    drop = 0
    if not hard and level:
        drop = min(level, 2 if points >= 4 else 1 if points >= 2 else 0)
    return LEVELS[level - drop], drop
