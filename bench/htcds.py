"""HTCDS figures on 100,000 victims: the case-transfer export (every personal field decrypted),
the import of that file (preview and commit, in files of importer.MAX_ROWS rows) and the
k-anonymous public release.

    python bench/htcds.py [--json] [--victims 100000] [--db sqlite|pg]

The child process gets a fresh database (a temporary SQLite file, or ``bench_htcds`` on the
PostgreSQL at 127.0.0.1:5432), migrated, with Medan's and Malang's areas, and fills it with
synthetic cases (one victim each, a consent each, a referral out for one in three). With
``--json`` the last line is one JSON object. Targets (issue 21): export_rows_per_s >= 5,000,
import_rows_per_s >= 1,000, kanon_s < 30.
"""

import argparse
import json
import random
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from _common import fresh_pg_database, pg_url, run_child

ROOT = Path(__file__).resolve().parents[1]
PG_NAME = "bench_htcds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.victims)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.db == "pg":
            if not fresh_pg_database(PG_NAME):
                raise SystemExit("PostgreSQL is needed for --db pg")
            url = pg_url(PG_NAME)
        else:
            url = f"sqlite:///{tmp}/bench.sqlite3"
        figures = {"database": args.db, **run_child(__file__, url, tmp, "--victims",
                                                   str(args.victims))}  # fmt: skip
    print(
        f"{figures['victims']} victims on {args.db}: export {figures['export_rows_per_s']} "
        f"rows/s (transfer; {figures['export_rows_per_cpu_s']} per CPU second), "
        f"{figures['export_deidentified_rows_per_s']} rows/s (de-identified); import "
        f"{figures['import_rows_per_s']} rows/s ({figures['import_rows_per_cpu_s']} per CPU "
        f"second; preview {figures['preview_s']} s + commit {figures['commit_s']} s); public "
        f"release {figures['kanon_s']} s, {figures['kanon_suppressed']} rows suppressed, "
        f"loss {figures['kanon_loss']}"
    )
    if args.json:
        print(json.dumps(figures))


# --- the child: runs with DATABASE_URL pointing at a fresh database ----------------------


def child(victims: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from sigap.regions.importer import import_areas

    call_command("migrate", verbosity=0)
    import_areas(only=["12.71", "35.73"])
    worker = build(victims)
    return {"victims": victims, **measure(worker)}


def measure(worker) -> dict:
    from sigap.cases.htcds import export, importer, kanon
    from sigap.cases.models import Case
    from sigap.regions.models import Area

    clock = _Clock()
    with clock("export"):
        lines = list(export.csv_lines(Case.objects.all(), "transfer"))
    with clock("deidentified"):
        deidentified = sum(1 for _ in export.csv_lines(Case.objects.all(), "deidentified")) - 1
    rows = len(lines) - 1
    with clock("kanon"):
        release = kanon.anonymise(kanon.records_for(Case.objects.all()))
    header, body = lines[0], lines[1:]
    medan = Area.objects.get(code="12.71")
    for start in range(0, rows, importer.MAX_ROWS):
        data = (header + "".join(body[start : start + importer.MAX_ROWS])).encode()
        with clock("preview"):
            preview = importer.preview(data)
        assert preview.ok, preview.errors[:3]
        with clock("commit"):
            importer.commit(actor=worker, preview=preview, area=medan, source="bench",
                            skip_duplicates=False)  # fmt: skip
    wall, cpu = clock.wall, clock.cpu
    imported = wall["preview"] + wall["commit"]
    return {
        "export_rows_per_s": round(rows / wall["export"]),
        "export_deidentified_rows_per_s": round(deidentified / wall["deidentified"]),
        "import_rows_per_s": round(rows / imported),
        "preview_s": round(wall["preview"], 1),
        "commit_s": round(wall["commit"], 1),
        "kanon_s": round(wall["kanon"], 1),
        "kanon_suppressed": release.suppressed,
        "kanon_loss": release.loss,
        "kanon_levels": {q: str(level) for q, level in release.described_levels().items()},
        # The same per second of this process's CPU: on a shared machine the wall figures
        # above include the time other processes held the cores.
        "export_rows_per_cpu_s": round(rows / cpu["export"]),
        "import_rows_per_cpu_s": round(rows / (cpu["preview"] + cpu["commit"])),
        "kanon_cpu_s": round(cpu["kanon"], 1),
    }


class _Clock:
    """Wall and CPU seconds per named step, summed over its runs."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str):
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
        self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu


def build(victims: int):
    """Cases spread over both cities' kelurahan, every HTCDS field filled."""
    from datetime import timedelta

    from django.utils import timezone

    from sigap.cases import choices as c
    from sigap.cases.models import Case, Consent, Referral, Victim, victim_identity_hash
    from sigap.people.models import Membership, Organisation, OrgType, Role, User
    from sigap.regions.models import Area

    rng = random.Random(21)
    villages = list(Area.objects.filter(level=4).values_list("code", flat=True))
    medan = Area.objects.get(code="12.71")
    org = Organisation.objects.create(name="UPTD PPA (bench)", type=OrgType.UPTD_PPA, area=medan)
    worker = User.objects.create(username="bench.worker")
    Membership.objects.create(user=worker, organisation=org, role=Role.CASE_WORKER, area=medan)
    now = timezone.now()
    for start in range(0, victims, 5000):
        size = min(5000, victims - start)
        cases = Case.objects.bulk_create(
            Case(
                area_id=rng.choice(villages),
                trafficking_status=rng.choice(c.TraffickingStatus.values[:2]),
                status=rng.choice(c.CaseStatus.values),
                exploitation_types=rng.sample(c.ExploitationType.values, 2),
                methods_of_control=rng.sample(c.MethodOfControl.values, 3),
                recruitment_methods=rng.sample(c.MethodOfRecruitment.values, 1),
                recruitment_apps=rng.sample(c.RecruitmentApp.values, 2),
                destination_country=rng.choice(["MY", "KH", "ID", "SA"]),
                status_decided_by=rng.choice(c.DecisionOrg.values),
                recruitment_area_id=rng.choice(villages),
                exploitation_country=rng.choice(["MY", "KH", "SA"]),
                forced_labour_industry=rng.choice(c.ForcedLabourIndustry.values),
                vulnerabilities=rng.sample(c.Vulnerability.values, 2),
                vulnerability_details="Putus sekolah, keluarga berutang",
                closure_reason="Dipulangkan",
                created_at=now - timedelta(days=rng.randint(0, 2000)),
            )
            for _ in range(size)
        )
        victims_made = Victim.objects.bulk_create(
            _victim(rng, case, start + i, victim_identity_hash) for i, case in enumerate(cases)
        )
        Consent.objects.bulk_create(
            Consent(
                case=v.case,
                victim=v,
                given_by="victim",
                for_services=True,
                for_disclosure=True,
                recorded_by=worker,
            )  # fmt: skip
            for v in victims_made
        )
        Referral.objects.bulk_create(
            Referral(
                case=case,
                organisation=org,
                service="shelter",
                deadline=now.date(),
                details="Butuh rumah aman",
                referred_by=worker,
            )  # fmt: skip
            for case in cases[::3]
        )
    return worker


def _victim(rng, case, n: int, identity_hash):
    from sigap.cases.models import Victim

    nik = f"12710{n:011d}"
    victim = Victim(
        case=case,
        first_name=f"Nama{n}",
        second_name="Contoh",
        nik=nik,
        phone="+62 812 0000 0000",
        address="Jl. Contoh 1",
        birth_year=rng.randint(1970, 2010),
        gender=rng.choice(["Feminine", "Masculine"]),
        citizenship="ID",
        trafficking_status=case.trafficking_status,
    )
    victim.identity_hash = identity_hash(nik=nik, first_name="", second_name="", birth_year=None)
    return victim


if __name__ == "__main__":
    main()
