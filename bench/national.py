"""National scale: the early-warning run, what it finds of what was planted, and the dashboards
and monthly report, on the data of ``manage.py generate_national`` in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_national \\
        python manage.py migrate && python manage.py import_areas && \\
        python manage.py generate_national --seed 15 --manifest var/national-manifest.json
    python bench/national.py --db sigap_national --manifest var/national-manifest.json --json

Generation is done once (it takes long); ``generate_rows_per_s`` is read from its manifest.
Beside each dashboard figure, ``*_raw_ms`` is the same kind of numbers (reports by decision,
cases by status, referrals by status, condition reports, screened posts by level, for the same
area and period) from one hand-written SQL aggregate, so that the application's own cost shows.
"""

import argparse
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# One statement, grouped counts of five tables over one area's code range and one period. A
# bench-only comparison (the application builds its queries with the ORM).
RAW = """
SELECT 'report' AS t, decision AS k, count(*) FROM cases_report
 WHERE area_id >= %(low)s AND area_id < %(high)s
   AND created_at >= %(start)s AND created_at < %(end)s
 GROUP BY decision
UNION ALL
SELECT 'case', status, count(*) FROM cases_case
 WHERE area_id >= %(low)s AND area_id < %(high)s
   AND created_at >= %(start)s AND created_at < %(end)s
 GROUP BY status
UNION ALL
SELECT 'referral', r.status, count(*) FROM cases_referral r JOIN cases_case c ON c.id = r.case_id
 WHERE c.area_id >= %(low)s AND c.area_id < %(high)s
   AND r.created_at >= %(start)s AND r.created_at < %(end)s
 GROUP BY r.status
UNION ALL
SELECT 'condition', status, count(*) FROM programme_conditionreport
 WHERE area_id >= %(low)s AND area_id < %(high)s AND period_start >= %(start)s::date
   AND period_start < %(end)s::date
 GROUP BY status
UNION ALL
SELECT 'post', level, count(*) FROM jobcheck_check
 WHERE created_at >= %(start)s AND created_at < %(end)s
 GROUP BY level
UNION ALL
SELECT 'area', substr(area_id, 1, %(child)s), count(*) FROM cases_report
 WHERE area_id >= %(low)s AND area_id < %(high)s
   AND created_at >= %(start)s AND created_at < %(end)s
 GROUP BY substr(area_id, 1, %(child)s)
"""


def setup(db: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
    os.environ.setdefault("SIGAP_VAR_DIR", "/tmp/sigap-bench-national")
    import django

    django.setup()


def p95_ms(func, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)


def raw_aggregate(code: str | None, start: date, end: date) -> list:
    from django.db import connection

    low, high = (f"{code}.", f"{code}/") if code else ("", "~")
    child = len(code) + 3 if code else 2
    params = {"low": low, "high": high, "start": start, "end": end, "child": child}
    with connection.cursor() as cursor:
        cursor.execute(RAW, params)
        return cursor.fetchall()


def dashboards(rounds: int) -> dict:
    try:
        from sigap.dashboards import queries
        from sigap.dashboards.reports import build_monthly_report, month_before
    except ImportError as error:
        print(f"sigap.dashboards has no bench entry points ({error}): nulls", file=sys.stderr)
        keys = ["city_dashboard", "national_dashboard"]
        return {f"{k}_{s}": None for k in keys for s in ("p95_ms", "raw_ms")} | {
            "monthly_report_s": None,
            "monthly_report_raw_ms": None,
        }
    refreshed = _refresh_summaries()
    year = queries.Period.last_months(12)
    end = year.end + timedelta(days=1)
    month = month_before(date.today())
    started = time.perf_counter()
    build_monthly_report("12.71", month)
    report_s = time.perf_counter() - started
    return {
        "city_dashboard_p95_ms": p95_ms(lambda: queries.city_dashboard("12.71", year), rounds),
        "city_dashboard_raw_ms": p95_ms(lambda: raw_aggregate("12.71", year.start, end), rounds),
        "national_dashboard_p95_ms": p95_ms(lambda: queries.national_dashboard(year), rounds),
        "national_dashboard_raw_ms": p95_ms(lambda: raw_aggregate(None, year.start, end), rounds),
        "summaries_refresh_s": refreshed,
        "monthly_report_s": round(report_s, 2),
        "monthly_report_raw_ms": p95_ms(
            lambda: raw_aggregate("12.71", month.start, month.end + timedelta(days=1)), 1
        ),
    }


def _refresh_summaries() -> float | None:
    """The dashboards read whole past months from summary tables that a daily task fills:
    fill them first, as production would have, and say how long it took."""
    try:
        from sigap.dashboards import summaries
    except ImportError:
        return None
    started = time.perf_counter()
    summaries.refresh(summaries.months_to_refresh())
    return round(time.perf_counter() - started, 1)


def evaluate(manifest: dict, found: list, areas_judged: int) -> dict:
    """Recall of the planted spikes and clusters, and alerts that match nothing planted."""
    spike_areas = {a.area for a, _ in found if a.kind == "spike" and a.measure == "reports"}
    planted = manifest["spikes"]
    kelurahan = [s for s in planted if s["level"] == "kelurahan"]
    kecamatan = [s for s in planted if s["level"] == "kecamatan"]
    explained = set()
    for spike in planted:
        parts = spike["area"].split(".")
        explained |= {".".join(parts[:n]) for n in range(2, len(parts) + 1)}
    # A spike explains its own area, the areas holding it, and (spread over a kecamatan) the
    # kelurahan inside it.
    inside = tuple(s["area"] + "." for s in planted)
    false_spikes = [a for a in spike_areas if a and a not in explained and not a.startswith(inside)]
    conditions = {(a.area, a.measure) for a, _ in found if a.measure.startswith("condition:")}
    planted_conditions = manifest.get("condition_spikes", [])
    condition_hits = sum(
        (c["area"], f"condition:{c['key']}") in conditions for c in planted_conditions
    )
    networks = [{r.id for r in a.records} for a, _ in found if a.kind == "network"]
    clusters = [{str(pk) for pk in c["report_ids"]} for c in manifest["clusters"]]
    matched = [any(c <= n for n in networks) for c in clusters]
    false_networks = [n for n in networks if not any(c <= n for c in clusters)]
    return {
        "kelurahan_spike_recall": _share(
            sum(s["area"] in spike_areas for s in kelurahan), kelurahan
        ),
        "kecamatan_spike_recall": _share(
            sum(s["area"] in spike_areas for s in kecamatan), kecamatan
        ),
        "cluster_recall": _share(sum(matched), clusters),
        "condition_spike_recall": _share(condition_hits, planted_conditions),
        "condition_spike_alerts": len(conditions),
        "spike_alerts": len(spike_areas),
        "false_spike_alerts": len(false_spikes),
        "false_spike_alerts_per_1000_areas": round(1000 * len(false_spikes) / areas_judged, 3),
        "network_alerts": len(networks),
        "false_network_alerts": len(false_networks),
        "hubs_in_a_cluster": 0 if all(len(n) <= 25 for n in networks) else None,
    }


def _share(hits: int, items: list) -> float | None:
    return round(hits / len(items), 3) if items else None


def warning(manifest: dict) -> dict:
    from sigap.alerts import actions
    from sigap.regions.models import Area, Level

    cutoff = datetime.fromisoformat(manifest["cutoff"])
    started = time.perf_counter()
    found, _window = actions.find_alerts(cutoff)
    find_s = time.perf_counter() - started
    summary = actions.warning_run(cutoff=cutoff)  # the whole run, stored, as the daily task
    judged = Area.objects.filter(level__gte=Level.REGENCY).count()
    kinds = {}
    for alert, _edges in found:
        kinds[alert.kind] = kinds.get(alert.kind, 0) + 1
    return {
        "warning_run_s": summary.seconds,
        "warning_find_s": round(find_s, 2),
        "alerts_by_kind": kinds,
        "areas_judged": judged,
        **evaluate(manifest, found, judged),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sigap_national")
    parser.add_argument("--manifest", type=Path, default=ROOT / "var" / "national-manifest.json")
    parser.add_argument("--rounds", type=int, default=10, help="timings per dashboard")
    parser.add_argument("--skip-dashboards", action="store_true")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    setup(args.db)
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    figures = {"generate_rows_per_s": manifest.get("rows_per_s"), "rows": manifest.get("rows")}
    figures |= warning(manifest)
    if not args.skip_dashboards:
        figures |= dashboards(args.rounds)
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:>36}: {value}")


if __name__ == "__main__":
    main()
