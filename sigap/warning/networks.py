"""Recruiter networks: records that share a phone number, account, e-mail or company.

Records (reports, cases, screened posts) are joined when they share an identifier, and the
connected components of that graph are the clusters (union-find, near-linear time). An
identifier on very many records (a hotline, a large company) would join unrelated records into
one giant cluster, so such hubs link nothing (docs/warning.md).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sigap.lib.phones import normalize_phone
from sigap.warning.model import Alert, Kind, RecordRef, Severity, Sighting

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?(?:[a-z0-9.-]+\.[a-z]{2,6}/)?@?")
_COMPANY_FORMS = ("pt", "cv", "lpk", "p3mi", "pjtki", "yayasan")


@dataclass(frozen=True, slots=True)
class NetworkRules:
    hub_limit: int = 25  # an identifier on more records than this links nothing
    min_reports: int = 3  # alert when a cluster holds this many reports ...
    min_kecamatan: int = 2  # ... or spans this many kecamatan
    high_reports: int = 10  # "tinggi" from this many reports or 3 kecamatan


RULES = NetworkRules()


@dataclass(frozen=True, slots=True)
class Edge:
    """One line of the graph view: an identifier (by its masked label) on a record."""

    identifier: str
    label: str
    record: RecordRef


def normalize(kind: str, value: str) -> str:
    """One spelling per identifier: '0812-3456-7890', '+62 812 3456 7890' and
    '6281234567890' are one number; '@Agen.Kerja' and 'agen.kerja' one account."""
    text = value.strip().lower()
    if kind == "phone":
        return normalize_phone(text) or "+" + _NON_ALNUM.sub("", text)
    if kind == "email":
        return text
    if kind == "company":
        words = _NON_ALNUM.sub(" ", text).split()
        form = words[0] if words and words[0] in _COMPANY_FORMS else ""
        return (form + " " + "".join(words[1:] if form else words)).strip()
    return _URL_PREFIX.sub("", text).rstrip("/.")


def key_of(sighting: Sighting) -> str:
    value = sighting.value if sighting.normalized else normalize(sighting.kind, sighting.value)
    return f"{sighting.kind}:{value}"


def mask(kind: str, value: str) -> str:
    """Enough to tell two identifiers apart on a graph, not to call or find them."""
    if len(value) <= 4:
        return value[:1] + "•••"
    if kind == "phone":
        return value[:5] + "•••" + value[-3:]
    return value[:2] + "•••" + value[-2:]


def clusters(
    sightings: Iterable[Sighting], rules: NetworkRules = RULES
) -> list[tuple[Alert, tuple[Edge, ...]]]:
    """Network alerts with the edges of their graph, largest cluster first."""
    records_of: dict[str, set[RecordRef]] = defaultdict(set)
    labels: dict[str, str] = {}
    for sighting in sightings:
        key = key_of(sighting)
        records_of[key].add(sighting.record)
        labels.setdefault(key, _label(sighting, key))
    links = {k: r for k, r in records_of.items() if 1 < len(r) <= rules.hub_limit}
    hubs = sum(1 for r in records_of.values() if len(r) > rules.hub_limit)
    found = []
    for members, keys in _components(links):
        alert = _alert(members, keys, hubs, rules)
        if alert is not None:
            edges = tuple(
                Edge(_digest(k), labels[k], r)
                for k in sorted(keys)
                for r in sorted(links[k], key=_order)
            )
            found.append((alert, edges))
    return sorted(found, key=lambda pair: (-pair[0].fact("reports"), pair[0].key))


def _components(links: dict[str, set[RecordRef]]) -> list[tuple[set[RecordRef], set[str]]]:
    parent: dict[RecordRef, RecordRef] = {}

    def find(x: RecordRef) -> RecordRef:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for records in links.values():
        first, *rest = records
        for other in rest:
            a, b = find(first), find(other)
            if a != b:
                parent[b] = a
    members: dict[RecordRef, set[RecordRef]] = defaultdict(set)
    for record in parent:
        members[find(record)].add(record)
    keys: dict[RecordRef, set[str]] = defaultdict(set)
    for key, records in links.items():
        keys[find(next(iter(records)))].add(key)
    return [(members[root], keys[root]) for root in members]


def _alert(members: set[RecordRef], keys: set[str], hubs: int, rules: NetworkRules) -> Alert | None:
    reports = sum(1 for r in members if r.kind == "report")
    kecamatan = {_kecamatan(r.area) for r in members}
    if reports < rules.min_reports and len(kecamatan) < rules.min_kecamatan:
        return None
    high = reports >= rules.high_reports or len(kecamatan) >= 3
    return Alert(
        area=common_area(r.area for r in members),
        kind=Kind.NETWORK,
        severity=Severity.HIGH if high else Severity.MEDIUM,
        key=min(_digest(k) for k in keys),
        records=tuple(sorted(members, key=_order)),
        facts=(
            ("reports", reports),
            ("records", len(members)),
            ("kecamatan", len(kecamatan)),
            ("identifiers", len(keys)),
            ("hubs", hubs),
        ),
    )


def common_area(codes: Iterable[str]) -> str:
    """The smallest area holding every code ('' for the whole country)."""
    common: list[str] | None = None
    for code in codes:
        parts = code.split(".")
        if common is None:
            common = parts
            continue
        n = 0
        while n < min(len(common), len(parts)) and common[n] == parts[n]:
            n += 1
        common = common[:n]
    return ".".join(common or [])


def _kecamatan(code: str) -> str:
    return ".".join(code.split(".")[:3])


def _label(sighting: Sighting, key: str) -> str:
    if sighting.label:
        return sighting.label
    if sighting.normalized:
        return sighting.kind
    return mask(sighting.kind, key.split(":", 1)[1])


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _order(record: RecordRef) -> tuple[str, str]:
    return record.kind, record.id.zfill(12)
