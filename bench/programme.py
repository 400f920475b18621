"""Programme figures: rendering the coverage page and the missing/late list for a synthetic
programme over all 151 kelurahan of Kota Medan with two years of monthly condition reports.

    python bench/programme.py [--json] [--runs 9]

Each database gets a fresh one (a temporary SQLite file; ``bench_programme`` on the PostgreSQL at
127.0.0.1:5432, user postgres), migrated and filled by a child process. Pages are rendered through
the Django test client as the Medan coordinator; the figure is the median of ``--runs`` requests
after one warm-up. With ``--json`` the last line is one JSON object.
"""

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from _common import fresh_pg_database, pg_url, run_child

ROOT = Path(__file__).resolve().parents[1]
PG_NAME = "bench_programme"
PG_URL = pg_url(PG_NAME)
MEDAN = "12.71"
MONTHS = 24


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", choices=["sqlite", "pg"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.runs)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = run_child(
            __file__, f"sqlite:///{tmp}/bench.sqlite3", tmp, "sqlite", "--runs", str(args.runs)
        )
        pg = (
            run_child(__file__, PG_URL, tmp, "pg", "--runs", str(args.runs))
            if fresh_pg_database(PG_NAME)
            else {}
        )
    figures = {
        "kelurahan": sqlite["kelurahan"],
        "condition_reports": sqlite["reports"],
        "coverage_page_sqlite_ms": sqlite["coverage_ms"],
        "missing_late_sqlite_ms": sqlite["missing_ms"],
        "coverage_page_pg_ms": pg.get("coverage_ms"),
        "missing_late_pg_ms": pg.get("missing_ms"),
        "coverage_page_queries": sqlite["coverage_queries"],
        "missing_late_queries": sqlite["missing_queries"],
    }
    report(figures, args.runs)
    if args.json:
        print(json.dumps(figures))


def report(f: dict, runs: int) -> None:
    def pg(value):
        return "null (PostgreSQL unreachable)" if value is None else f"{value} ms"

    print(
        f"Synthetic programme: {f['kelurahan']} kelurahan, {f['condition_reports']} monthly "
        f"condition reports ({MONTHS} months); median of {runs} requests"
    )
    print(
        f"Coverage page:      SQLite {f['coverage_page_sqlite_ms']} ms, "
        f"PostgreSQL {pg(f['coverage_page_pg_ms'])} ({f['coverage_page_queries']} queries)"
    )
    print(
        f"Missing/late list:  SQLite {f['missing_late_sqlite_ms']} ms, "
        f"PostgreSQL {pg(f['missing_late_pg_ms'])} ({f['missing_late_queries']} queries)"
    )


# --- the child: runs with DATABASE_URL pointing at a fresh database ----------------------


def child(runs: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from sigap.regions.importer import import_areas

    call_command("migrate", verbosity=0)
    import_areas(only=[MEDAN])
    coordinator, programme, reports = build()
    client = signed_in(coordinator)
    coverage_ms, coverage_q = timed(client, f"/program/{programme.pk}/cakupan/", runs)
    missing_ms, missing_q = timed(
        client, f"/program/{programme.pk}/laporan-kondisi/?periode=24", runs
    )
    return {
        "kelurahan": programme_kelurahan(),
        "reports": reports,
        "coverage_ms": coverage_ms,
        "missing_ms": missing_ms,
        "coverage_queries": coverage_q,
        "missing_queries": missing_q,
    }


def programme_kelurahan() -> int:
    from sigap.regions.models import Area

    return Area.objects.descendants_of(MEDAN).filter(level=4).count()


def build():
    """All 21 kecamatan as targets (pilot 5, then 16), members and outreach in most kelurahan,
    and 24 months of reports: most on time, some late, some missing."""
    from django.utils import timezone

    from sigap.people.models import Membership, Organisation, OrgType, Role, User
    from sigap.programme import actions, periods
    from sigap.programme.models import ConditionReport, ConditionValue, Member, Outreach
    from sigap.regions.models import Area

    rng = random.Random(151)
    today = timezone.localdate()
    start = periods.period_start(today, 1)
    for _ in range(MONTHS):
        start = periods.period_start(start - timedelta(days=1), 1)
    medan = Area.objects.get(code=MEDAN)
    org = Organisation.objects.create(
        name="Kesbangpol (bench)", type=OrgType.CITY_GOVERNMENT, area=medan
    )
    coordinator = User.objects.create(username="bench.coordinator")
    Membership.objects.create(user=coordinator, organisation=org, role=Role.COORDINATOR, area=medan)
    programme = actions.programme_create(
        actor=None, name="Bench", lead=org, area=medan, starts_on=start, reports_start=start
    )
    kecamatan = list(Area.objects.descendants_of(MEDAN).filter(level=3))
    actions.phase_create(
        actor=None, programme=programme, name="Pilot", starts_on=start, areas=kecamatan[:5]
    )
    actions.phase_create(
        actor=None, programme=programme, name="Rest", starts_on=start, areas=kecamatan[5:]
    )
    kelurahan = list(Area.objects.descendants_of(MEDAN).filter(level=4))
    Member.objects.bulk_create(
        Member(
            programme=programme,
            name=f"M{i}",
            role=rng.choice(["ambassador", "relawan", "fkdm"]),
            area=area,
            term_starts=start,
            appointment_letter="SK",
        )
        for i, area in enumerate(kelurahan * 2)
        if rng.random() < 0.8
    )
    Outreach.objects.bulk_create(
        Outreach(
            programme=programme,
            area=rng.choice(kelurahan),
            venue_type="school",
            held_on=start + timedelta(days=rng.randint(0, 700)),
            adults_f=rng.randint(1, 30),
        )
        for _ in range(3000)
    )
    indicators = list(programme.indicators.all())
    reports = []
    for area in kelurahan:
        period = start
        for _ in range(MONTHS):
            roll = rng.random()
            if roll > 0.05:
                due = periods.due_on(period, 1, 10)
                filed = due + timedelta(days=rng.randint(1, 20)) if roll > 0.9 else due
                reports.append(
                    ConditionReport(
                        programme=programme,
                        area=area,
                        period_start=period,
                        due_on=due,
                        filed_on=filed,
                        status="confirmed",
                    )
                )
            period = periods.next_period(period, 1)
    ConditionReport.objects.bulk_create(reports, batch_size=2000)
    values = [
        ConditionValue(
            report=report,
            indicator=indicator,
            number=rng.randint(0, 9) if indicator.kind == "number" else None,
            flag=False if indicator.kind == "yes_no" else None,
        )
        for report in ConditionReport.objects.filter(programme=programme).only("pk")
        for indicator in indicators
    ]
    ConditionValue.objects.bulk_create(values, batch_size=5000)
    return coordinator, programme, len(reports)


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    session["sigap_2fa_user"] = user.pk  # the second factor, as tests/personas.py passes it
    session.save()
    return client


def timed(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)  # warm-up, and the query count
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1), len(queries)


if __name__ == "__main__":
    main()
