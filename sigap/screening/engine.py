"""The screener: normalise, match rules, extract entities, decide, and let the model adjust."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from . import entities as ent
from .model import LEVELS, Company, Entities, Flag, Input, Reason, Result, Span
from .normalize import Normalized, normalize
from .registry import SAMPLE_REGISTRY, Registry
from .rules import MAX_SPANS_PER_FLAG, Ruleset, decide_level
from .rules import load as load_ruleset

if TYPE_CHECKING:
    from .classifier import TextModel

Hits = dict[str, list[tuple[int, int]]]  # flag id -> spans in the normalised text
Fired = list[tuple[int, Flag, Reason]]  # (ruleset index, flag, reason) of each flag that fired
Extra = tuple[list[Span] | None, str]  # a derived flag's spans (None: not fired) and detail
Proba = tuple[tuple[str, float], ...]

MAX_CHARS = 200_000  # longer input is cut; the result says so (``truncated``)
_RISKY_PHONE_COUNTRIES = frozenset({"KH", "MM", "TH", "LA", "PH"})


class ScreeningInputError(ValueError):
    """The input cannot be screened; the message is a full sentence saying what to do."""


@dataclass(slots=True)
class _Partial:
    """Everything the rules decided, before the model has its say."""

    norm: Normalized
    reasons: list[Reason]
    entities: Entities
    level: str
    score: int
    strong: int
    notes: list[str]
    truncated: bool


class Screener:
    def __init__(
        self,
        ruleset: Ruleset | None = None,
        registry: Registry | None = None,
        model: TextModel | None = None,
        *,
        today: date | None = None,
    ) -> None:
        self.ruleset = ruleset or load_ruleset()
        self.registry = registry
        self.model = model
        self.today = today
        self._tables = _Tables.build(self.ruleset)

    # -- public --------------------------------------------------------------------------------

    @property
    def registry(self) -> Registry | None:
        return self._registry

    @registry.setter
    def registry(self, registry: Registry | None) -> None:
        self._registry = registry
        # What _finish() asks of the registry for every result, asked once.
        self._sample_note = registry is not None and registry.is_sample
        self._sample_flag = bool(registry and registry.is_sample)
        self._has_registry = bool(registry)

    def screen(
        self,
        text: str,
        *,
        channel: str | None = None,
        url: str | None = None,
        country: str | None = None,
    ) -> Result:
        partial = self._rules(text, url, country)
        proba = self.model.predict_proba([partial.norm.text])[0] if self.model else None
        return self._finish(partial, proba)

    def screen_many(
        self, texts: Iterable[str | Input], *, batch_size: int = 256
    ) -> Iterator[Result]:
        batch: list[_Partial] = []
        for item in texts:
            if isinstance(item, Input):
                batch.append(self._rules(item.text, item.url, item.country))
            else:
                batch.append(self._rules(item))
            if len(batch) >= batch_size:
                yield from self._finish_batch(batch)
                batch = []
        if batch:
            yield from self._finish_batch(batch)

    # -- rules ---------------------------------------------------------------------------------

    def _rules(self, text: str, url: str | None = None, country: str | None = None) -> _Partial:
        if not isinstance(text, str):
            raise ScreeningInputError(
                "Teks harus berupa string; untuk bytes gunakan screen_bytes(). "
                "Text must be a str; use screen_bytes() for bytes."
            )
        truncated = len(text) > MAX_CHARS
        if truncated:
            text = text[:MAX_CHARS]
        norm = normalize(text)
        hits = self.ruleset.match(norm)
        entities = self._entities(norm, hits, url, country)
        reasons, fired = self._reasons(norm, hits, entities)
        level, score, strong, notes = self._decide(fired, hits)
        if "luar_negeri" not in hits and all(c == "ID" for _, c, _ in entities.destinations):
            notes.append("local")  # no work abroad named: no advice about placement agencies
        partial: _Partial = _new_partial(
            norm, reasons, entities, level, score, strong, notes, truncated
        )
        return partial

    def _entities(
        self, norm: Normalized, hits: Hits, url: str | None, country: str | None
    ) -> Entities:
        text = norm.original
        accounts, emails = ent.accounts(text, norm.words)
        if url:
            extra, _ = ent.accounts(url, ent._LINK_WORDS)
            accounts = [*accounts, *((Span(0, 0, ""), p, v) for _, p, v in extra)]
        salaries, fees = ent.money(norm, self.ruleset.exchange_rates)
        destinations = ent.destinations(norm, self.ruleset)
        if country and country.upper() in self.ruleset.destinations:
            code = country.upper()
            destinations = [*destinations, (Span(0, 0, ""), code, code)]
        visas: tuple[tuple[Span, str], ...] = ()
        urgency: tuple[Span, ...] = ()
        if "visa_non_kerja" in hits or "visa_kerja" in hits:
            found: list[tuple[Span, str]] = []
            for fid in ("visa_non_kerja", "visa_kerja"):
                for s, e in hits.get(fid, ()):
                    found.append((norm.span(s, e), ent.visa_type(norm.text[s:e])))
            visas = tuple(found)
        if "berangkat_cepat" in hits or "desakan" in hits:
            urgency = tuple(
                norm.span(s, e)
                for fid in ("berangkat_cepat", "desakan")
                for s, e in hits.get(fid, ())
            )
        companies = ent.companies(norm)
        entities: Entities = _new_entities(  # Entities' fields, in their order
            tuple(ent.phones(text)),
            tuple(accounts),
            tuple(emails),
            tuple(self._companies(companies)) if companies else (),
            tuple(destinations),
            tuple(salaries),
            tuple(fees),
            tuple(ent.ages(norm)),
            visas,
            urgency,
            tuple(ent.licences(norm)) if "izin" in norm.words or "sip3mi" in norm.words else (),
        )
        return entities

    def _companies(self, found: list[tuple[Span, str]]) -> list[Company]:
        out = []
        for span, name in found:
            match = self._registry.match(name) if self._registry is not None else None
            if match:
                agency, score = match
                out.append(
                    Company(
                        name,
                        span,
                        agency.name,
                        agency.licence_number,
                        agency.is_valid(self.today),
                        score,
                    )
                )
            else:
                out.append(Company(name, span))
        return out

    def _reasons(
        self, norm: Normalized, hits: Hits, entities: Entities
    ) -> tuple[list[Reason], Fired]:
        """The reasons shown, in ruleset order, and the flags behind them (for _decide).

        A pattern flag fires when it matched (and, for ``requires = "foreign"``, a foreign
        place is named); a derived flag is computed only when the entities it reads are there,
        or when its own patterns matched."""
        tables = self._tables
        dests = entities.destinations
        foreign = banned = risky = kepmenaker = False
        if dests:
            status_of = tables.status_of
            for _, code, _ in dests:
                if code != "ID":
                    foreign = True
                status = status_of[code]
                if status == "banned":
                    banned = True
                elif status == "risky":
                    risky = True
                elif status == "kepmenaker_260":
                    kepmenaker = True
        if not foreign and "luar_negeri" in hits:
            foreign = True  # "luar negeri", "abroad": no place named, still work abroad
        fired: list[tuple[int, Flag, Reason]] = []
        shown = tables.shown
        for fid, found in hits.items():
            entry = shown.get(fid)
            if entry is not None and (foreign or not entry[2]):
                flag = entry[1]
                fired.append((entry[0], flag, _lazy_reason(flag, "", norm, found, None)))
        kinds = self._derived_kinds(hits, entities, banned, risky, kepmenaker)
        if kinds:
            fired += self._derived_fired(kinds, norm, hits, entities, foreign)
            fired.sort(key=_first)
        return [r for _, _, r in fired], fired

    def _derived_kinds(
        self, hits: Hits, entities: Entities, banned: bool, risky: bool, kepmenaker: bool
    ) -> list[str]:
        """Which derived flags can fire, told cheaply; _derived() then works out each one."""
        tables = self._tables
        kinds = []
        if banned:
            kinds.append("destination_banned")
        elif risky:
            kinds.append("destination_risky")
        if kepmenaker and "peran_prt" in hits:
            kinds.append("domestic_middle_east")
        if entities.ages:
            for _, low, _ in entities.ages:
                if low < tables.minimum_age:
                    kinds.append("age_minor")
                    break
        if entities.salaries:
            for salary in entities.salaries:
                if salary.amount_idr_month_max >= tables.salary_floor:
                    kinds.append("salary_unrealistic")
                    break
        for _, e164 in entities.phones:
            if not e164.startswith("+62"):
                kinds.append("foreign_phone")
                break
        if entities.companies or entities.licences:
            kinds.append("registry_match")
        for fid, kind in tables.derived_matched:
            if fid in hits and kind not in kinds:
                kinds.append(kind)
        return kinds

    def _derived_fired(
        self, kinds: list[str], norm: Normalized, hits: Hits, entities: Entities, foreign: bool
    ) -> Fired:
        """The derived flags of ``kinds`` that fire: (ruleset index, flag, reason) each."""
        fired: Fired = []
        by_kind = self._tables.by_kind
        for kind in kinds:
            entries = by_kind.get(kind)
            if not entries:
                continue
            extra, detail = self._derived(kind, hits, entities, norm)
            for index, flag, fid, needs_foreign in entries:
                found = hits.get(fid)
                if (extra is None and not found) or (needs_foreign and not foreign):
                    continue
                fired.append((index, flag, _lazy_reason(flag, detail, norm, found, extra)))
        return fired

    def _derived(self, kind: str, hits: Hits, entities: Entities, norm: Normalized) -> Extra:
        """Flags computed from entities. Returns (extra spans or None if not fired, detail)."""
        rs = self.ruleset
        dests = rs.destinations
        if kind in ("destination_banned", "destination_risky"):
            status = "banned" if kind == "destination_banned" else "risky"
            found = [(s, c, n) for s, c, n in entities.destinations if dests[c].status == status]
            if status == "risky" and any(
                dests[c].status == "banned" for _, c, _ in entities.destinations
            ):
                return None, ""
            if not found:
                return None, ""
            names = sorted({dests[c].name_id for _, c, _ in found})
            return [s for s, _, _ in found if s.end > s.start], ", ".join(names)
        if kind == "domestic_middle_east":
            places = [
                (s, c) for s, c, _ in entities.destinations if dests[c].status == "kepmenaker_260"
            ]
            if not places or "peran_prt" not in hits:
                return None, ""
            role = [norm.span(s, e) for s, e in hits["peran_prt"]]
            return role + [s for s, _ in places if s.end > s.start], dests[places[0][1]].name_id
        if kind == "age_minor":
            young = [(s, lo) for s, lo, _ in entities.ages if lo < rs.thresholds["minimum_age"]]
            if not young:
                return None, ""
            return [s for s, _ in young], f"usia minimal {min(lo for _, lo in young)} tahun"
        if kind == "salary_unrealistic":
            return self._salary_flag(hits, entities)
        if kind == "foreign_phone":
            from sigap.lib.phones import country_of

            phones = [
                (s, e)
                for s, e in entities.phones
                if not e.startswith("+62") and country_of(e) in _RISKY_PHONE_COUNTRIES
            ]
            return ([s for s, _ in phones], phones[0][1]) if phones else (None, "")
        if kind == "registry_match":
            ok = [c for c in entities.companies if c.in_registry and c.licence_valid]
            if self._registry is not None:
                for span, number in entities.licences:
                    agency = self._registry.by_licence(number)
                    if agency and agency.is_valid(self.today):
                        return [span], agency.name
            return ([c.span for c in ok], ok[0].registry_name or "") if ok else (None, "")
        return None, ""  # "model" is added after the model has run

    def _salary_flag(self, hits: Hits, entities: Entities) -> Extra:
        if not entities.salaries:
            return None, ""
        best = max(entities.salaries, key=lambda s: s.amount_idr_month_max)
        amount = best.amount_idr_month_max
        th = self.ruleset.thresholds
        dests = self.ruleset.destinations
        lure = not self.ruleset.salary_lures.isdisjoint(hits) or any(
            dests[c].status in ("banned", "risky") for _, c, _ in entities.destinations
        )
        abroad = any(c != "ID" for _, c, _ in entities.destinations)
        if (
            amount >= th["salary_hype_idr"]
            and ("syarat_ringan" in hits or abroad)
            or (amount >= th["salary_unrealistic_idr"] and lure)
        ):
            return [best.span], f"Rp {amount:,.0f}/bulan".replace(",", ".")
        return None, ""

    def _decide(self, fired: Fired, hits: Hits) -> tuple[str, int, int, list[str]]:
        """The ILO/EC combination rule (rules.decide_level) over the flags that fired."""
        strong = medium = weak = p_strong = p_medium = 0
        risk_points = prot_points = hard_points = 0
        hard = False
        for _, f, _ in fired:
            strength = f.strength
            if strength == "strong":
                strong += 1
            elif strength == "medium":
                medium += 1
            elif strength == "weak":
                weak += 1
            else:
                if strength == "protective":
                    if f.protective_rank == "strong":
                        p_strong += 1
                    elif f.protective_rank == "medium":
                        p_medium += 1
                    prot_points += f.weight
                continue
            risk_points += f.weight
            if f.hard:
                hard = True
                hard_points += f.weight
        level, dropped = decide_level(strong, medium, weak, p_strong, p_medium, hard)
        score = max(hard_points, risk_points - prot_points)
        notes: list[str] = []
        if dropped:
            notes.append("protective")
        if "konteks_peringatan" in hits and "ajakan_melamar" not in hits:
            level, score = "rendah", min(score, 20)
            notes.append("warning")
        return level, max(0, min(100, score)), strong, notes

    # -- model ---------------------------------------------------------------------------------

    def _finish_batch(self, batch: list[_Partial]) -> list[Result]:
        probas = self.model.predict_proba([p.norm.text for p in batch]) if self.model else None
        return [self._finish(p, probas[i] if probas else None) for i, p in enumerate(batch)]

    def _finish(self, p: _Partial, proba: Proba | None) -> Result:
        level, score, reasons = p.level, p.score, p.reasons
        model_level = model_proba = None
        if proba is not None:
            reasons = list(reasons)
            cfg = self.ruleset.model
            probs = dict(proba)
            model_level = max(probs, key=probs.__getitem__)
            model_score = 100 * (probs.get("tinggi", 0) + 0.5 * probs.get("sedang", 0))
            w = cfg.get("score_weight", 0.3)
            score = round((1 - w) * p.score + w * model_score)
            level = self._adjust(p, level, model_level, probs[model_level], reasons)
            if proba:
                model_proba = tuple(sorted(proba, key=lambda kv: LEVELS.index(kv[0])))
        notes = p.notes
        if self._sample_note:
            notes = [*notes, "sample_registry"]
        result: Result = _new_result(  # Result's fields, in their order
            level,
            int(max(0, min(100, score))),
            tuple(reasons),
            p.entities,
            self.ruleset.version,
            p.level,
            p.score,
            model_level,
            model_proba,
            None if self.model is None else getattr(self.model, "version", None),
            p.truncated,
            self._sample_flag,
            tuple(notes),
        )
        return result

    def _adjust(
        self, p: _Partial, level: str, model_level: str, sure: float, reasons: list[Reason]
    ) -> str:
        """The documented way the model may move the rules' level (docs/screening.md)."""
        cfg = self.ruleset.model
        idx, midx = LEVELS.index(level), LEVELS.index(model_level)
        if "warning" in p.notes:
            return level
        if midx > idx and sure >= cfg.get("raise_threshold", 1.1):
            model_flag = self.ruleset.by_id["pola_model"].flag
            reasons.append(Reason(model_flag, (), f"{model_level} ({sure:.0%})"))
            return LEVELS[idx + 1]
        if midx < idx and level == "sedang" and p.strong == 0:
            if sure >= cfg.get("lower_threshold", 1.1):
                return LEVELS[idx - 1]
        return level


def _first(item: tuple[int, Flag, Reason]) -> int:
    return item[0]


@dataclass(frozen=True, slots=True)
class _Tables:
    """What the engine looks up for every post, computed once per ruleset."""

    shown: dict[str, tuple[int, Flag, bool]]  # pattern flag id -> (index, flag, needs foreign)
    by_kind: dict[str, tuple[tuple[int, Flag, str, bool], ...]]  # derived kind -> its flags
    derived_matched: tuple[tuple[str, str], ...]  # (flag id, kind): derived flags with patterns
    status_of: dict[str, str]  # destination code -> banned / risky / kepmenaker_260 / ...
    minimum_age: int  # an age below this can make age_minor fire
    salary_floor: float  # below this no promised wage can make salary_unrealistic fire

    @classmethod
    def build(cls, ruleset: Ruleset) -> _Tables:
        shown: dict[str, tuple[int, Flag, bool]] = {}
        by_kind: dict[str, list[tuple[int, Flag, str, bool]]] = {}
        matched = []
        for index, compiled in enumerate(ruleset.flags):
            flag = compiled.flag
            foreign = compiled.requires == "foreign"
            if compiled.derived:
                if compiled.regex is not None:
                    matched.append((flag.id, compiled.derived))
                if compiled.show:
                    by_kind.setdefault(compiled.derived, []).append((index, flag, flag.id, foreign))
            elif compiled.show:
                shown[flag.id] = (index, flag, foreign)
        th = ruleset.thresholds
        return cls(
            shown,
            {k: tuple(v) for k, v in by_kind.items()},
            tuple(matched),
            {code: d.status for code, d in ruleset.destinations.items()},
            th["minimum_age"],
            min(th["salary_hype_idr"], th["salary_unrealistic_idr"]),
        )


_SPANS_SLOT = Reason.__dict__["spans"]


class _LazyReason(Reason):
    """A Reason whose spans are mapped back to the original text only when first read: bulk
    screening (the CLI, bulk jobs) reads only the flag ids, and mapping spans through the
    normaliser's offset maps was a tenth of the time per post. Reads, compares, hashes, prints
    and pickles exactly like the Reason it stands for."""

    __slots__ = ("_pending",)
    _pending: tuple[Normalized, list[tuple[int, int]] | None, list[Span] | None] | None

    def _get_spans(self) -> tuple[Span, ...]:
        try:
            spans: tuple[Span, ...] = _SPANS_SLOT.__get__(self, Reason)
            return spans
        except AttributeError:
            assert self._pending is not None  # set by _lazy_reason until spans are mapped
            norm, found, extra = self._pending
            mapped = [norm.span(s, e) for s, e in found] if found else []
            if extra:
                mapped += extra
            value = _dedupe(mapped)[:MAX_SPANS_PER_FLAG]
            self._set_spans(value)
            return value

    def _set_spans(self, value: tuple[Span, ...]) -> None:  # replace() and unpickling
        _SPANS_SLOT.__set__(self, value)
        object.__setattr__(self, "_pending", None)

    spans = property(_get_spans, _set_spans)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Reason):
            return (self.flag, self.spans, self.detail) == (other.flag, other.spans, other.detail)
        return NotImplemented

    __hash__ = Reason.__hash__

    def __repr__(self) -> str:
        return f"Reason(flag={self.flag!r}, spans={self.spans!r}, detail={self.detail!r})"

    def __reduce__(self) -> tuple[type[Reason], tuple[Flag, tuple[Span, ...], str]]:
        return (Reason, (self.flag, self.spans, self.detail))


def maker(cls: type, names: tuple[str, ...] | None = None) -> Callable[..., Any]:
    """A positional constructor for the slots class ``cls`` that sets exactly ``names`` (by
    default its dataclass fields): results, entities and reasons are built by the thousand, and
    setting the slots directly is several times faster than a frozen dataclass's __init__."""
    if names is None:
        names = tuple(f.name for f in fields(cls))
    setters = tuple(getattr(cls, name).__set__ for name in names)
    new = object.__new__

    def make(*values: Any) -> Any:
        if len(values) != len(setters):
            raise TypeError(f"{cls.__name__} maker takes {len(setters)} values")
        obj: Any = new(cls)
        for set_slot, value in zip(setters, values, strict=True):
            set_slot(obj, value)
        return obj

    return make


_new_reason = maker(_LazyReason, ("flag", "detail", "_pending"))


def _lazy_reason(
    flag: Flag,
    detail: str,
    norm: Normalized,
    found: list[tuple[int, int]] | None,
    extra: list[Span] | None,
) -> _LazyReason:
    """A reason whose spans are mapped when first read (its ``spans`` slot starts empty)."""
    reason: _LazyReason = _new_reason(flag, detail, (norm, found, extra))
    return reason


_new_result = maker(Result)
_new_entities = maker(Entities)
_new_partial = maker(_Partial)


def _dedupe(spans: list[Span]) -> tuple[Span, ...]:
    if len(spans) == 1:
        return (spans[0],) if spans[0].end > spans[0].start else ()
    seen: set[tuple[int, int]] = set()
    out = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if (s.start, s.end) in seen or s.end <= s.start:
            continue
        seen.add((s.start, s.end))
        out.append(s)
    return tuple(out)


def default_registry() -> Registry:
    """The registry named by SIGAP_P3MI_REGISTRY (a CSV path), else the sample registry."""
    path = os.environ.get("SIGAP_P3MI_REGISTRY")
    return Registry.load(path) if path else Registry.load(SAMPLE_REGISTRY, is_sample=True)
