"""What goes into the engine and what comes out: frozen dataclasses, nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class Kind:
    """Alert kinds: one open alert per area and kind (and key, for networks)."""

    SPIKE = "spike"
    NETWORK = "network"
    CONDITION_MISSING = "condition_missing"
    REFERRAL_OVERDUE = "referral_overdue"
    PACT_BEHIND = "pact_behind"
    UNCOVERED = "uncovered"


class Severity:
    LOW = "rendah"
    MEDIUM = "sedang"
    HIGH = "tinggi"


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A record an alert points to: ``kind`` is "report", "case", "post", "referral",
    "condition", "pact" or "area"; ``area`` its area code."""

    kind: str
    id: str
    area: str


@dataclass(frozen=True, slots=True)
class Series:
    """Counts per period of one measure in one area, oldest first; the last is the period being
    judged (the one that ends at the data cut-off)."""

    area: str
    measure: str
    counts: tuple[int, ...]
    periods_per_year: int = 52


@dataclass(frozen=True, slots=True)
class Evidence:
    """The numbers behind a spike: what was seen, what was expected, where the line was."""

    observed: int
    expected: float
    threshold: float
    method: str  # "ears-c2-poisson", "ears-c2-negbin" or "farrington"
    last_4: int
    baseline: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Alert:
    area: str
    kind: str
    severity: str
    measure: str = ""
    # Networks: one alert per cluster, named by its smallest identifier key.
    key: str = ""
    spike: Evidence | None = None
    counts: tuple[int, ...] = ()
    records: tuple[RecordRef, ...] = ()
    # Free numbers for the evidence sentence (days late, reports in a cluster, ...).
    facts: tuple[tuple[str, int], ...] = field(default=())

    def fact(self, name: str) -> int:
        return dict(self.facts).get(name, 0)


@dataclass(frozen=True, slots=True)
class Sighting:
    """An identifier seen on a record. ``normalized`` says the value is already normalised
    (a keyed hash from the database); else ``networks.normalize`` makes spellings agree."""

    record: RecordRef
    kind: str  # "phone", "email", "account", "company" (or a platform name: "telegram", ...)
    value: str
    normalized: bool = False
    label: str = ""  # the masked form shown on the graph; made from the value when empty


@dataclass(frozen=True, slots=True)
class DueReport:
    """A condition report an area owes: ``filed`` is False while it is missing."""

    area: str
    programme: str
    period_start: date
    due_on: date
    filed: bool


@dataclass(frozen=True, slots=True)
class OpenReferral:
    id: str
    area: str
    deadline: date


@dataclass(frozen=True, slots=True)
class CommitmentProgress:
    """A pact commitment with a numeric target and what has been achieved towards it."""

    pact: str
    area: str
    kind: str
    target: int
    achieved: int
    signed_on: date


@dataclass(frozen=True, slots=True)
class AreaCoverage:
    """An area's recent risk (reports in the last 12 weeks, open spike alerts) and how many
    active ambassadors or relawan it has."""

    area: str
    recent_reports: int
    active_members: int
    spiking: bool = False
