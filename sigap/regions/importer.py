"""Import the Kemendagri hierarchy from idn-area-data CSV files (bundled 4.0.1 by default).

Idempotent: rows are inserted when new, updated when their name or parent changed, and left
alone otherwise; nothing is deleted, since records elsewhere may point at an area.
"""

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import transaction

from sigap.regions import search
from sigap.regions.models import Area, Level, search_key

BUNDLED = Path(__file__).parent / "data" / "idn-area-data-4.0.1"
FILES = [
    (Level.PROVINCE, "provinces.csv", None),
    (Level.REGENCY, "regencies.csv", "province_code"),
    (Level.DISTRICT, "districts.csv", "regency_code"),
    (Level.VILLAGE, "villages.csv", "district_code"),
]
BATCH = 5000


def read_rows(source: Path, only: list[str] | None) -> Iterator[tuple[int, str, str, str | None]]:
    for level, filename, parent_column in FILES:
        path = source / filename
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing")
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row["code"].strip()
                if (
                    only
                    and level >= Level.DISTRICT
                    and not any(code.startswith(prefix + ".") for prefix in only)
                ):
                    continue
                parent = row[parent_column].strip() if parent_column else None
                yield level, code, row["name"].strip(), parent


def import_areas(
    source: Path | None = None,
    only: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Import areas; ``only`` limits kecamatan and desa to the given regency codes."""
    existing = dict(Area.objects.values_list("code", "name"))
    parents = dict(Area.objects.values_list("code", "parent_id"))
    created, updated, unchanged = [], [], 0
    seen = 0
    for level, code, name, parent in read_rows(source or BUNDLED, only):
        seen += 1
        if code not in existing:
            created.append(
                Area(
                    code=code, level=level, name=name, parent_id=parent, search_key=search_key(name)
                )
            )
        elif existing[code] != name or parents.get(code) != parent:
            updated.append(
                Area(
                    code=code, level=level, name=name, parent_id=parent, search_key=search_key(name)
                )
            )
        else:
            unchanged += 1
        if progress and seen % BATCH == 0:
            progress(seen)
    with transaction.atomic():
        Area.objects.bulk_create(created, batch_size=BATCH)
        Area.objects.bulk_update(
            updated, ["level", "name", "parent", "search_key"], batch_size=BATCH
        )
    search.invalidate()
    if progress:
        progress(seen)
    return {"created": len(created), "updated": len(updated), "unchanged": unchanged}
