"""Where the time of one anonymous report goes on the plain path: cProfile over ``--reports``
reports posted in one process (Django's test client, the bench's settings, a fresh SQLite file
or ``--pg-db`` on the PostgreSQL at 127.0.0.1:5432), split into the parts of a request.

    python bench/intake_profile.py [--json] [--reports 300] [--pg-db NAME]

Each part is the cumulative time of the functions that do it, per report, in ms (profiling
slows Python code down, so compare the parts with each other, not with bench/intake.py): the
form (building it and validating it), the lookups before the insert (the area, the submission
id), encrypting the personal fields, the report's and its timeline event's inserts through the
ORM (their encryption taken out), the audit row, the rate counter, enqueuing the completion task
(on commit), the commit itself, the receipt page, and the rest of the request (middleware, the
test client). With ``--json`` the last line is one JSON object.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import fresh_pg_database, pg_url
from intake import REPORT, environment, prepare

ROOT = Path(__file__).resolve().parents[1]

# part -> (module, function name) whose cumulative time is the part's
PARTS = {
    "form_build": ("django/forms/forms.py", "__init__"),
    "form_validate": ("django/forms/forms.py", "full_clean"),
    "lookups": ("sigap/cases/actions.py", "_already_received"),
    "encrypt": ("sigap/lib/crypto.py", "encrypt"),
    "store": ("sigap/cases/actions.py", "_report_store"),
    "audit": ("sigap/people/audit.py", "audit_record"),
    "rate_counter": ("sigap/people/ratelimit.py", "count"),
    "enqueue": ("sigap/cases/actions.py", "_enqueue_completion"),
    "commit": ("django/db/backends/base/base.py", "_commit"),
    "receipt_page": ("sigap/cases/views/pages.py", "render_public"),
    "request": ("django/test/client.py", "generic"),
}


def child(reports: int) -> dict:
    import cProfile
    import pstats
    import re
    import urllib.parse

    import django

    django.setup()
    from django.test import Client

    client = Client()
    page = client.get("/lapor/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post():
        body = urllib.parse.urlencode({**REPORT, "csrfmiddlewaretoken": token}, doseq=True)
        response = client.generic("POST", "/lapor/", body, "application/x-www-form-urlencoded")
        assert response.status_code == 200, response.status_code

    for _ in range(20):  # warm: imports, caches, the connection
        post()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(reports):
        post()
    profile.disable()
    stats = pstats.Stats(profile).stats
    parts = {}
    for part, (module, name) in PARTS.items():
        seconds = sum(
            ct
            for (path, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.items()
            if func == name and path.endswith(module)
        )
        parts[part] = round(seconds * 1000 / reports, 3)
    # The report's and event's inserts are "store" less what it calls that has its own part.
    parts["store"] = round(parts["store"] - parts["encrypt"] - parts["audit"], 3)
    known = sum(v for k, v in parts.items() if k != "request")
    parts["rest"] = round(parts["request"] - known, 3)
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--pg-db", default="", help="profile on this PostgreSQL database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.reports)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg_db and fresh_pg_database(args.pg_db):
            url, db = pg_url(args.pg_db), "pg"
        else:
            url, db = f"sqlite:///{tmp}/profile.sqlite3", "sqlite"
        env = environment(url, tmp)
        prepare(env)
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--reports", str(args.reports)],
            env={**env, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")])},
            cwd=ROOT, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"profile failed: {done.stderr[-3000:]}")
        parts = json.loads(done.stdout.strip().splitlines()[-1])
    total = parts["request"]
    for part, ms in parts.items():
        share = f"{100 * ms / total:5.1f} %" if total and part != "request" else ""
        print(f"{part:14} {ms:8.3f} ms/report {share}")
    if args.json:
        print(
            json.dumps(
                {"db": db, "reports": args.reports, **{f"{k}_ms": v for k, v in parts.items()}}
            )
        )


if __name__ == "__main__":
    main()
