"""An explainable triage score: the sum of the weights of what a report says, with each part
named. The weights are versioned data (``rules/*.toml``), not code."""

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent / "rules"
CURRENT = "risk-2026.1.toml"


@dataclass(frozen=True)
class Rules:
    version: str
    bands: dict[str, int]
    indicators: dict[str, int]
    destinations: dict[str, int]
    linked: int


@dataclass(frozen=True)
class Score:
    score: int
    band: str
    version: str
    reasons: list[dict] = field(default_factory=list)  # [{"rule": "indicator:debt", "weight": 3}]


@lru_cache(maxsize=4)
def load_rules(name: str = CURRENT) -> Rules:
    data = tomllib.loads((RULES_DIR / name).read_text(encoding="utf-8"))
    return Rules(
        version=data["version"],
        bands=dict(sorted(data["bands"].items(), key=lambda kv: -kv[1])),
        indicators=data["indicators"],
        destinations=data.get("destinations", {}),
        linked=data.get("linked", {}).get("weight", 0),
    )


def score_report(
    *, indicators: list[str], destination: str, linked: bool, rules: Rules | None = None
) -> Score:
    rules = rules or load_rules()
    reasons = [
        {"rule": f"indicator:{key}", "weight": rules.indicators[key]}
        for key in indicators
        if key in rules.indicators
    ]
    if destination in rules.destinations:
        reasons.append(
            {"rule": f"destination:{destination}", "weight": rules.destinations[destination]}
        )
    if linked and rules.linked:
        reasons.append({"rule": "linked", "weight": rules.linked})
    total = sum(r["weight"] for r in reasons)
    band = next(name for name, low in rules.bands.items() if total >= low)
    return Score(score=total, band=band, version=rules.version, reasons=reasons)
