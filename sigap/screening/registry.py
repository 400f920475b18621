"""The licensed placement-company (P3MI) registry: load a CSV, match company names from posts.

CSV columns (header row required): ``name, licence_number, address, valid_until, status, source``.
``valid_until`` is YYYY-MM-DD (empty: no end date); ``status`` is ``aktif`` for a licence in
force, anything else (``dicabut``, ``dibekukan``) for one that is not. See docs/screening.md for
loading the ministry's list.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from rapidfuzz import fuzz, process

SAMPLE_REGISTRY = Path(__file__).parent / "data" / "sample_p3mi_registry.csv"
MATCH_CUTOFF = 90.0

_LEGAL_FORMS = re.compile(
    r"\b(?:pt|p\.t\.|cv|tbk|persero|sdn|bhd|ltd|co|inc|llc|pte|limited|company)\b\.?"
)
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_LICENCE_CHARS = re.compile(r"[^A-Z0-9]")


class RegistryError(ValueError):
    """The registry file cannot be used; the message says which line and what to fix."""


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    licence_number: str
    address: str
    valid_until: date | None
    status: str
    source: str

    def is_valid(self, on: date | None = None) -> bool:
        if self.status.strip().lower() != "aktif":
            return False
        return self.valid_until is None or self.valid_until >= (on or date.today())


_MATCH_CACHE = 4096  # names remembered with their match (cleared when full)


def company_key(name: str) -> str:
    """A company name reduced for comparison: lower case, no legal form, no punctuation."""
    low = _LEGAL_FORMS.sub(" ", name.lower())
    return _SPACES.sub(" ", _NON_WORD.sub(" ", low)).strip()


def licence_key(number: str) -> str:
    return _LICENCE_CHARS.sub("", number.upper())


class Registry:
    def __init__(self, agencies: list[Agency], *, is_sample: bool = False, label: str = ""):
        self.agencies = agencies
        self.is_sample = is_sample
        self.label = label
        self._keys = [company_key(a.name) for a in agencies]
        self._by_licence = {licence_key(a.licence_number): a for a in agencies if a.licence_number}
        # The same agencies' names come back post after post; the registry never changes.
        self._matches: dict[str, tuple[Agency, float] | None] = {}

    def __len__(self) -> int:
        return len(self.agencies)

    @classmethod
    def load(cls, path: str | Path, *, is_sample: bool | None = None) -> Registry:
        path = Path(path)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                agencies = [_row(row, i) for i, row in enumerate(_rows(fh), start=2)]
        except UnicodeDecodeError as exc:
            raise RegistryError(f"{path}: not UTF-8 ({exc}). Save the file as UTF-8.") from None
        if is_sample is None:
            is_sample = "sample" in path.name.lower()
        return cls(agencies, is_sample=is_sample, label=path.name)

    def match(self, name: str) -> tuple[Agency, float] | None:
        """The registered agency whose name is closest to ``name``, if close enough."""
        try:
            return self._matches[name]
        except KeyError:
            pass
        found = self._match(name)
        if len(self._matches) >= _MATCH_CACHE:
            self._matches.clear()
        self._matches[name] = found
        return found

    def _match(self, name: str) -> tuple[Agency, float] | None:
        key = company_key(name)
        if len(key) < 3 or not self._keys:
            return None
        best = process.extractOne(
            key, self._keys, scorer=fuzz.token_sort_ratio, score_cutoff=MATCH_CUTOFF
        )
        if best is None:
            return None
        _, score, index = best
        return self.agencies[index], float(score)

    def by_licence(self, number: str) -> Agency | None:
        return self._by_licence.get(licence_key(number))


def _rows(fh: IO[str]) -> csv.DictReader[str]:
    reader = csv.DictReader(fh)
    missing = {"name", "licence_number"} - set(reader.fieldnames or ())
    if missing:
        raise RegistryError(f"missing column(s) {sorted(missing)}; the header must name them")
    return reader


def _row(row: dict[str, str], line: int) -> Agency:
    name = (row.get("name") or "").strip()
    if not name:
        raise RegistryError(f"line {line}: the company name is empty")
    raw_date = (row.get("valid_until") or "").strip()
    try:
        valid_until = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise RegistryError(f"line {line}: valid_until {raw_date!r} is not YYYY-MM-DD") from None
    return Agency(
        name=name,
        licence_number=(row.get("licence_number") or "").strip(),
        address=(row.get("address") or "").strip(),
        valid_until=valid_until,
        status=(row.get("status") or "aktif").strip(),
        source=(row.get("source") or "").strip(),
    )
