"""The engine's data: what goes in, what comes out. Frozen, so results can be shared and cached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("rendah", "sedang", "tinggi")
LEVEL_LABELS = {
    "rendah": ("Risiko rendah", "Low risk"),
    "sedang": ("Risiko sedang", "Medium risk"),
    "tinggi": ("Risiko tinggi", "High risk"),
}
STRENGTHS = ("strong", "medium", "weak", "protective", "context")


@dataclass(frozen=True, slots=True)
class Input:
    text: str
    channel: str | None = None  # where it was seen: "facebook", "whatsapp", "telegram", ...
    url: str | None = None
    country: str | None = None  # destination the person was told about, ISO 3166 alpha-2


@dataclass(frozen=True, slots=True)
class Flag:
    """One red flag or protective signal as defined in the ruleset."""

    id: str
    strength: str  # strong / medium / weak / protective / context
    weight: int
    title_id: str
    title_en: str
    indicator: str
    legal_basis: str
    explanation_id: str
    explanation_en: str
    advice_id: str
    advice_en: str
    hard: bool = False  # protective signals cannot cancel it
    protective_rank: str = ""  # for protective signals: "strong" / "medium" / "weak"


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the ORIGINAL text, as Python slice indexes, with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Reason:
    """A flag that fired, where in the text, and why it matters."""

    flag: Flag
    spans: tuple[Span, ...] = ()
    detail: str = ""  # e.g. "Kamboja" or "Rp 15.000.000/bulan" for flags computed from entities

    @property
    def id(self) -> str:
        return self.flag.id

    @property
    def strength(self) -> str:
        return self.flag.strength

    @property
    def indicator(self) -> str:
        return self.flag.indicator

    @property
    def legal_basis(self) -> str:
        return self.flag.legal_basis

    @property
    def explanation_id(self) -> str:
        return self.flag.explanation_id

    @property
    def explanation_en(self) -> str:
        return self.flag.explanation_en

    @property
    def advice_id(self) -> str:
        return self.flag.advice_id

    @property
    def advice_en(self) -> str:
        return self.flag.advice_en

    def to_dict(self) -> dict[str, Any]:
        f = self.flag
        return {
            "id": f.id,
            "strength": f.strength,
            "weight": f.weight,
            "title": {"id": f.title_id, "en": f.title_en},
            "indicator": f.indicator,
            "legal_basis": f.legal_basis,
            "explanation": {"id": f.explanation_id, "en": f.explanation_en},
            "advice": {"id": f.advice_id, "en": f.advice_en},
            "detail": self.detail,
            "spans": [[s.start, s.end, s.text] for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class Salary:
    span: Span
    amount_idr_month: int  # lower bound, rupiah per month
    amount_idr_month_max: int
    currency: str  # ISO 4217 of the amount as written
    kind: str  # "salary" or "fee"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.span.text,
            "span": [self.span.start, self.span.end],
            "idr_per_month": self.amount_idr_month,
            "idr_per_month_max": self.amount_idr_month_max,
            "currency": self.currency,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    span: Span
    registry_name: str | None = None
    licence_number: str | None = None
    licence_valid: bool | None = None  # None: not found in the registry
    match_score: float = 0.0

    @property
    def in_registry(self) -> bool:
        return self.registry_name is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "span": [self.span.start, self.span.end],
            "in_registry": self.in_registry,
            "registry_name": self.registry_name,
            "licence_number": self.licence_number,
            "licence_valid": self.licence_valid,
            "match_score": round(self.match_score, 1),
        }


@dataclass(frozen=True, slots=True)
class Entities:
    phones: tuple[tuple[Span, str], ...] = ()  # (span, E.164)
    accounts: tuple[tuple[Span, str, str], ...] = ()  # (span, platform, handle or link)
    emails: tuple[Span, ...] = ()
    companies: tuple[Company, ...] = ()
    destinations: tuple[tuple[Span, str, str], ...] = ()  # (span, ISO country, place name)
    salaries: tuple[Salary, ...] = ()
    fees: tuple[Salary, ...] = ()
    ages: tuple[tuple[Span, int, int | None], ...] = ()  # (span, min, max)
    visas: tuple[tuple[Span, str], ...] = ()  # (span, type)
    urgency: tuple[Span, ...] = ()
    licences: tuple[tuple[Span, str], ...] = ()  # licence numbers quoted in the post

    def to_dict(self) -> dict[str, Any]:
        return {
            "phones": [e for _, e in self.phones],
            "accounts": [{"platform": p, "value": v} for _, p, v in self.accounts],
            "emails": [s.text for s in self.emails],
            "companies": [c.to_dict() for c in self.companies],
            "destinations": sorted({c for _, c, _ in self.destinations}),
            "places": [{"country": c, "name": n} for _, c, n in self.destinations],
            "salaries": [s.to_dict() for s in self.salaries],
            "fees": [s.to_dict() for s in self.fees],
            "ages": [{"min": lo, "max": hi} for _, lo, hi in self.ages],
            "visas": sorted({v for _, v in self.visas}),
            "urgency": [s.text for s in self.urgency],
            "licences": [n for _, n in self.licences],
        }


@dataclass(frozen=True, slots=True)
class Result:
    level: str  # tinggi / sedang / rendah
    score: int  # 0-100
    reasons: tuple[Reason, ...]
    entities: Entities
    ruleset_version: str
    rule_level: str = "rendah"
    rule_score: int = 0
    model_level: str | None = None
    model_proba: tuple[tuple[str, float], ...] | None = None
    model_version: str | None = None
    truncated: bool = False
    registry_is_sample: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.reasons)

    @property
    def risk_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.strength in ("strong", "medium", "weak"))

    @property
    def protective_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.strength == "protective")

    @property
    def label_id(self) -> str:
        return LEVEL_LABELS[self.level][0]

    @property
    def label_en(self) -> str:
        return LEVEL_LABELS[self.level][1]

    def to_dict(self, *, full: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "level": self.level,
            "score": self.score,
            "flags": list(self.flags),
            "entities": self.entities.to_dict(),
            "ruleset_version": self.ruleset_version,
            "rule_level": self.rule_level,
            "rule_score": self.rule_score,
            "model_level": self.model_level,
            "model_proba": dict(self.model_proba) if self.model_proba else None,
            "truncated": self.truncated,
        }
        if full:
            data["label"] = {"id": self.label_id, "en": self.label_en}
            data["reasons"] = [r.to_dict() for r in self.reasons]
            data["notes"] = list(self.notes)
            data["registry_is_sample"] = self.registry_is_sample
        return data
