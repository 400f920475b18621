"""The screener: normalise, match rules, extract entities, decide, and let the model adjust."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from . import entities as ent
from .model import LEVELS, Company, Entities, Input, Reason, Result, Span
from .normalize import Normalized, normalize
from .registry import SAMPLE_REGISTRY, Registry
from .rules import MAX_SPANS_PER_FLAG, Ruleset, decide
from .rules import load as load_ruleset

MAX_CHARS = 200_000  # longer input is cut; the result says so (``truncated``)
_RISKY_PHONE_COUNTRIES = frozenset({"KH", "MM", "TH", "LA", "PH"})


class ScreeningInputError(ValueError):
    """The input cannot be screened; the message is a full sentence saying what to do."""


@dataclass(slots=True)
class _Partial:
    """Everything the rules decided, before the model has its say."""

    inp: Input
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
        model=None,
        *,
        today: date | None = None,
    ):
        self.ruleset = ruleset or load_ruleset()
        self.registry = registry
        self.model = model
        self.today = today

    # -- public --------------------------------------------------------------------------------

    def screen(self, text: str, *, channel=None, url=None, country=None) -> Result:
        partial = self._rules(Input(text, channel, url, country))
        proba = self.model.predict_proba([partial.norm.text])[0] if self.model else None
        return self._finish(partial, proba)

    def screen_many(
        self, texts: Iterable[str | Input], *, batch_size: int = 256
    ) -> Iterator[Result]:
        batch: list[_Partial] = []
        for item in texts:
            inp = item if isinstance(item, Input) else Input(item)
            batch.append(self._rules(inp))
            if len(batch) >= batch_size:
                yield from self._finish_batch(batch)
                batch = []
        if batch:
            yield from self._finish_batch(batch)

    # -- rules ---------------------------------------------------------------------------------

    def _rules(self, inp: Input) -> _Partial:
        if not isinstance(inp.text, str):
            raise ScreeningInputError(
                "Teks harus berupa string; untuk bytes gunakan screen_bytes(). "
                "Text must be a str; use screen_bytes() for bytes."
            )
        text = inp.text
        truncated = len(text) > MAX_CHARS
        if truncated:
            text = text[:MAX_CHARS]
        rs = self.ruleset
        norm = normalize(text)
        hits = rs.match(norm)
        entities = self._entities(norm, hits, inp)
        reasons = self._reasons(norm, hits, entities, inp)
        level, score, strong, notes = self._decide(reasons, hits)
        return _Partial(inp, norm, reasons, entities, level, score, strong, notes, truncated)

    def _entities(self, norm: Normalized, hits, inp: Input) -> Entities:
        text = norm.original
        accounts, emails = ent.accounts(text, norm.words)
        if inp.url:
            extra, _ = ent.accounts(inp.url, frozenset({"me", "com", "ly", "id", "am"}))
            accounts += [(Span(0, 0, ""), p, v) for _, p, v in extra]
        salaries, fees = ent.money(norm, self.ruleset.exchange_rates)
        destinations = ent.destinations(norm, self.ruleset)
        if inp.country and inp.country.upper() in self.ruleset.destinations:
            destinations.append((Span(0, 0, ""), inp.country.upper(), inp.country.upper()))
        visas = []
        for fid in ("visa_non_kerja", "visa_kerja"):
            for s, e in hits.get(fid, ()):
                visas.append((norm.span(s, e), ent.visa_type(norm.text[s:e])))
        urgency = [
            norm.span(s, e) for fid in ("berangkat_cepat", "desakan") for s, e in hits.get(fid, ())
        ]
        return Entities(
            phones=tuple(ent.phones(text)),
            accounts=tuple(accounts),
            emails=tuple(emails),
            companies=tuple(self._companies(ent.companies(norm))),
            destinations=tuple(destinations),
            salaries=tuple(salaries),
            fees=tuple(fees),
            ages=tuple(ent.ages(norm)),
            visas=tuple(visas),
            urgency=tuple(urgency),
            licences=tuple(ent.licences(norm))
            if "izin" in norm.words or "sip3mi" in norm.words
            else (),
        )

    def _companies(self, found: list[tuple[Span, str]]) -> list[Company]:
        out = []
        for span, name in found:
            match = self.registry.match(name) if self.registry else None
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

    def _reasons(self, norm: Normalized, hits, entities: Entities, inp: Input) -> list[Reason]:
        rs = self.ruleset
        foreign = any(code != "ID" for _, code, _ in entities.destinations)
        reasons: list[Reason] = []
        indexes = sorted({rs.index_of[fid] for fid in hits}.union(rs.derived_indexes))
        for index in indexes:
            compiled = rs.flags[index]
            if not compiled.show or (compiled.requires == "foreign" and not foreign):
                continue
            found = hits.get(compiled.flag.id)
            if not compiled.derived:
                if found:
                    reasons.append(_LazyReason.make(compiled.flag, "", norm, found, None))
                continue
            if not found and not _may_fire(compiled.derived, hits, entities):
                continue
            extra, detail = self._derived(compiled.derived, hits, entities, norm)
            if extra is None and not found:
                continue
            reasons.append(_LazyReason.make(compiled.flag, detail, norm, found, extra))
        return reasons

    def _derived(self, kind: str, hits, entities: Entities, norm: Normalized):
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
            found = [
                (s, c) for s, c, _ in entities.destinations if dests[c].status == "kepmenaker_260"
            ]
            if not found or "peran_prt" not in hits:
                return None, ""
            role = [norm.span(s, e) for s, e in hits["peran_prt"]]
            return role + [s for s, _ in found if s.end > s.start], dests[found[0][1]].name_id
        if kind == "age_minor":
            young = [(s, lo) for s, lo, _ in entities.ages if lo < rs.thresholds["minimum_age"]]
            if not young:
                return None, ""
            return [s for s, _ in young], f"usia minimal {min(lo for _, lo in young)} tahun"
        if kind == "salary_unrealistic":
            return self._salary_flag(hits, entities)
        if kind == "foreign_phone":
            from sigap.lib.phones import country_of

            found = [
                (s, e)
                for s, e in entities.phones
                if not e.startswith("+62") and country_of(e) in _RISKY_PHONE_COUNTRIES
            ]
            return ([s for s, _ in found], found[0][1]) if found else (None, "")
        if kind == "registry_match":
            ok = [c for c in entities.companies if c.in_registry and c.licence_valid]
            if self.registry:
                for span, number in entities.licences:
                    agency = self.registry.by_licence(number)
                    if agency and agency.is_valid(self.today):
                        return [span], agency.name
            return ([c.span for c in ok], ok[0].registry_name) if ok else (None, "")
        return None, ""  # "model" is added after the model has run

    def _salary_flag(self, hits, entities: Entities):
        if not entities.salaries:
            return None, ""
        best = max(entities.salaries, key=lambda s: s.amount_idr_month_max)
        amount = best.amount_idr_month_max
        th = self.ruleset.thresholds
        dests = self.ruleset.destinations
        lure = (
            "syarat_ringan" in hits
            or "peran_samar" in hits
            or any(dests[c].status in ("banned", "risky") for _, c, _ in entities.destinations)
        )
        if (
            amount >= th["salary_hype_idr"]
            and "syarat_ringan" in hits
            or (amount >= th["salary_unrealistic_idr"] and lure)
        ):
            return [best.span], f"Rp {amount:,.0f}/bulan".replace(",", ".")
        return None, ""

    def _decide(self, reasons: list[Reason], hits) -> tuple[str, int, int, list[str]]:
        counts = {"strong": 0, "medium": 0, "weak": 0}
        protective = {"strong": 0, "medium": 0, "weak": 0}
        risk_points = prot_points = hard_points = 0
        hard = False
        for r in reasons:
            f = r.flag
            if f.strength in counts:
                counts[f.strength] += 1
                risk_points += f.weight
                if f.hard:
                    hard = True
                    hard_points += f.weight
            elif f.strength == "protective":
                protective[f.protective_rank] += 1
                prot_points += f.weight
        level, dropped = decide(counts, protective, hard)
        score = max(hard_points, risk_points - prot_points)
        notes: list[str] = []
        if dropped:
            notes.append("protective")
        if "konteks_peringatan" in hits and "ajakan_melamar" not in hits:
            level, score = "rendah", min(score, 20)
            notes.append("warning")
        return level, max(0, min(100, score)), counts["strong"], notes

    # -- model ---------------------------------------------------------------------------------

    def _finish_batch(self, batch: list[_Partial]) -> list[Result]:
        probas = self.model.predict_proba([p.norm.text for p in batch]) if self.model else None
        return [self._finish(p, probas[i] if probas else None) for i, p in enumerate(batch)]

    def _finish(self, p: _Partial, proba) -> Result:
        level, score, reasons = p.level, p.score, list(p.reasons)
        model_level = None
        if proba is not None:
            cfg = self.ruleset.model
            probs = dict(proba)
            model_level = max(probs, key=probs.__getitem__)
            model_score = 100 * (probs.get("tinggi", 0) + 0.5 * probs.get("sedang", 0))
            w = cfg.get("score_weight", 0.3)
            score = round((1 - w) * p.score + w * model_score)
            level = self._adjust(p, level, model_level, probs[model_level], reasons)
        notes = list(p.notes)
        if self.registry is not None and self.registry.is_sample:
            notes.append("sample_registry")
        return Result(
            level=level,
            score=int(max(0, min(100, score))),
            reasons=tuple(reasons),
            entities=p.entities,
            ruleset_version=self.ruleset.version,
            rule_level=p.level,
            rule_score=p.score,
            model_level=model_level,
            model_proba=tuple(sorted(proba, key=lambda kv: LEVELS.index(kv[0]))) if proba else None,
            model_version=getattr(self.model, "version", None),
            truncated=p.truncated,
            registry_is_sample=bool(self.registry and self.registry.is_sample),
            notes=tuple(notes),
        )

    def _adjust(self, p: _Partial, level: str, model_level: str, sure: float, reasons) -> str:
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


def _may_fire(kind: str, hits, entities: Entities) -> bool:
    """A cheap test that the inputs a derived flag needs are there at all."""
    if kind in ("destination_banned", "destination_risky"):
        return bool(entities.destinations)
    if kind == "domestic_middle_east":
        return "peran_prt" in hits and bool(entities.destinations)
    if kind == "age_minor":
        return bool(entities.ages)
    if kind == "salary_unrealistic":
        return bool(entities.salaries)
    if kind == "foreign_phone":
        return any(not e.startswith("+62") for _, e in entities.phones)
    if kind == "registry_match":
        return bool(entities.companies or entities.licences)
    return False


_SPANS_SLOT = Reason.__dict__["spans"]


class _LazyReason(Reason):
    """A Reason whose spans are mapped back to the original text only when first read: bulk
    screening (the CLI, bulk jobs) reads only the flag ids, and mapping spans through the
    normaliser's offset maps was a tenth of the time per post. Reads, compares, hashes, prints
    and pickles exactly like the Reason it stands for."""

    __slots__ = ("_pending",)

    @classmethod
    def make(cls, flag, detail: str, norm: Normalized, found, extra) -> _LazyReason:
        reason = object.__new__(cls)
        object.__setattr__(reason, "flag", flag)
        object.__setattr__(reason, "detail", detail)
        object.__setattr__(reason, "_pending", (norm, found, extra))
        return reason

    def _get_spans(self) -> tuple[Span, ...]:
        try:
            return _SPANS_SLOT.__get__(self, Reason)
        except AttributeError:
            norm, found, extra = self._pending
            spans = [norm.span(s, e) for s, e in found] if found else []
            if extra:
                spans += extra
            value = _dedupe(spans)[:MAX_SPANS_PER_FLAG]
            self._set_spans(value)
            return value

    def _set_spans(self, value) -> None:  # dataclasses.replace() and unpickling come here
        _SPANS_SLOT.__set__(self, value)
        object.__setattr__(self, "_pending", None)

    spans = property(_get_spans, _set_spans)  # type: ignore[assignment]

    def __eq__(self, other):
        if isinstance(other, Reason):
            return (self.flag, self.spans, self.detail) == (other.flag, other.spans, other.detail)
        return NotImplemented

    __hash__ = Reason.__hash__

    def __repr__(self) -> str:
        return f"Reason(flag={self.flag!r}, spans={self.spans!r}, detail={self.detail!r})"

    def __reduce__(self):
        return (Reason, (self.flag, self.spans, self.detail))


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
