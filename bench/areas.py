"""Area figures: full import time, search latency, and the "descendants of Kota Medan" query.

    python bench/areas.py [--json] [--queries 1000]

Each database gets a fresh one (a temporary SQLite file; ``sigap_bench_areas`` on the
PostgreSQL at 127.0.0.1:5432, user postgres), migrated and filled by a child process, so the
figures never touch the development database. With ``--json`` the last line is one JSON object.
"""

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from _common import fresh_pg_database, pg_url, run_child

ROOT = Path(__file__).resolve().parents[1]
PG_NAME = "sigap_bench_areas"
PG_URL = pg_url(PG_NAME)
MEDAN = "12.71"
REPEATS = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--child", choices=["sqlite", "pg"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.queries)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = run_child(
            __file__,
            f"sqlite:///{tmp}/bench.sqlite3",
            tmp,
            "sqlite",
            "--queries",
            str(args.queries),
        )
        pg = (
            run_child(__file__, PG_URL, tmp, "pg", "--queries", "0")
            if fresh_pg_database(PG_NAME)
            else {}
        )
    figures = {
        "area_import_s": sqlite["import_s"],
        "area_import_pg_s": pg.get("import_s"),
        "area_index_build_s": sqlite["index_build_s"],
        "area_search_queries": sqlite["queries"],
        "area_search_median_ms": sqlite["search_median_ms"],
        "area_search_p95_ms": sqlite["search_p95_ms"],
        "area_search_max_ms": sqlite["search_max_ms"],
        "area_search_top1": sqlite["top1"],
        "area_search_top10": sqlite["top10"],
        "descendants_medan_rows": sqlite["descendants_rows"],
        "descendants_medan_sqlite_ms": sqlite["descendants_ms"],
        "descendants_medan_pg_ms": pg.get("descendants_ms"),
    }
    report(figures)
    if args.json:
        print(json.dumps(figures))


def report(f: dict) -> None:
    pg = lambda value, unit: "null (PostgreSQL unreachable)" if value is None else f"{value} {unit}"  # noqa: E731
    print(f"Full area import (SQLite, 91,599 areas):  {f['area_import_s']} s")
    print(f"Full area import (PostgreSQL):           {pg(f['area_import_pg_s'], 's')}")
    print(f"Search index build (once per process):   {f['area_index_build_s']} s")
    print(
        f"Area search, {f['area_search_queries']} queries:              "
        f"median {f['area_search_median_ms']} ms, p95 {f['area_search_p95_ms']} ms, "
        f"max {f['area_search_max_ms']} ms"
    )
    print(
        f"  intended area first: {f['area_search_top1']:.1%}, "
        f"in the top 10: {f['area_search_top10']:.1%}"
    )
    print(f"Descendants of Kota Medan ({f['descendants_medan_rows']} rows), median of {REPEATS}:")
    print(
        f"  SQLite {f['descendants_medan_sqlite_ms']} ms, "
        f"PostgreSQL {pg(f['descendants_medan_pg_ms'], 'ms')}"
    )


# --- the child: runs with DATABASE_URL pointing at a fresh database ----------------------


def child(kind: str, queries: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from sigap.regions.importer import import_areas

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    import_areas()
    figures = {"import_s": round(time.perf_counter() - started, 2)}
    figures.update(descendants())
    if queries:
        figures.update(search_latency(queries))
    return figures


def descendants() -> dict:
    from sigap.regions.models import Area

    def query():
        return list(Area.objects.descendants_of(MEDAN).values_list("code", "name", "level"))

    rows = len(query())  # warms the connection and the caches, as a live server would be
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        query()
        timings.append((time.perf_counter() - started) * 1000)
    return {"descendants_rows": rows, "descendants_ms": round(statistics.median(timings), 2)}


def search_latency(count: int) -> dict:
    from sigap.regions.search import get_index, search_areas

    started = time.perf_counter()
    index = get_index()
    build = time.perf_counter() - started
    cases = realistic_queries(index, count)
    timings, top1, top10 = [], 0, 0
    for query, code in cases:
        started = time.perf_counter()
        matches = search_areas(query)
        timings.append((time.perf_counter() - started) * 1000)
        codes = [m.code for m in matches]
        top1 += bool(codes) and codes[0] == code
        top10 += code in codes
    timings.sort()
    return {
        "index_build_s": round(build, 2),
        "queries": len(cases),
        "search_median_ms": round(statistics.median(timings), 2),
        "search_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "search_max_ms": round(timings[-1], 2),
        "top1": round(top1 / len(cases), 3),
        "top10": round(top10 / len(cases), 3),
    }


def realistic_queries(index, count: int) -> list[tuple[str, str]]:
    """What people type: exact names, misspellings, spaces added or dropped, name plus parent.

    Mostly desa/kelurahan (what relawan look for), some kecamatan and cities; a fixed seed
    keeps runs comparable.
    """
    rng = random.Random(20260101)
    villages = [i for i, level in enumerate(index.levels) if level == 4]
    others = [i for i, level in enumerate(index.levels) if level in (2, 3)]
    cases = []
    for n in range(count):
        i = rng.choice(villages if rng.random() < 0.75 else others)
        name, code = index.names[i], index.codes[i]
        kind = n % 4
        if kind == 1:
            name = misspell(rng, name)
        elif kind == 2:
            name = respace(rng, name)
        elif kind == 3:
            parent = index.names[index.position[code.rsplit(".", 1)[0]]]
            name = f"{name} {parent.removeprefix('Kota ').removeprefix('Kabupaten ')}"
        cases.append((rng.choice([str.lower, str.title, str])(name), code))
    return cases


def misspell(rng: random.Random, name: str) -> str:
    if len(name) < 5:
        return name
    at = rng.randrange(1, len(name) - 1)
    how = rng.choice(["drop", "swap", "double", "vowel"])
    if how == "drop":
        return name[:at] + name[at + 1 :]
    if how == "swap":
        return name[: at - 1] + name[at] + name[at - 1] + name[at + 1 :]
    if how == "double":
        return name[:at] + name[at] + name[at:]
    vowels = "aiueo"
    spots = [k for k, ch in enumerate(name) if ch.lower() in vowels] or [at]
    k = rng.choice(spots)
    return name[:k] + rng.choice(vowels) + name[k + 1 :]


def respace(rng: random.Random, name: str) -> str:
    if " " in name:
        return name.replace(" ", "", 1)
    at = rng.randrange(2, max(3, len(name) - 2))
    return name[:at] + " " + name[at:]


if __name__ == "__main__":
    main()
