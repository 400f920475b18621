"""Keys and backups (issue 17, finding 3): receipts and identifier hashes on their own key ring,
sign-in that needs no data key, and a backup that restores into a fresh database."""

import sqlite3

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from sigap.cases import actions, hashing
from sigap.cases.models import Report, Victim, victim_identity_hash
from sigap.lib import crypto
from sigap.people import twofactor
from sigap.people.fields import data_cipher
from tests import personas
from tests.cases.conftest import make_case, make_report
from tests.people.helpers import VERIFY, give_totp, post_password

pytestmark = pytest.mark.django_db


def found(client, code) -> bool:
    page = client.post("/status/", {"code": hashing.format_receipt(code)}).content.decode()
    return 'name="body"' in page  # the reply form shows only for a found report


def test_receipts_survive_a_new_secret_key(client, settings, areas):
    settings.SIGAP_DATA_KEYS = [Fernet.generate_key().decode()]
    settings.SIGAP_HASH_KEYS = ["kunci-hash-1"]
    _report, code = make_report()
    settings.SECRET_KEY = "a-new-secret-key-" * 4
    assert found(client, code)


def test_old_receipts_are_found_under_an_older_key_and_rekeyed(client, settings, areas):
    settings.SIGAP_HASH_KEYS = ["kunci-hash-1"]
    report, code = make_report()
    settings.SIGAP_HASH_KEYS = ["kunci-hash-2", "kunci-hash-1"]
    new_report, new_code = make_report()
    assert found(client, code) and found(client, new_code)
    report.refresh_from_db()
    assert report.receipt_hash == hashing.receipt_hash(code)  # now under the newest key
    settings.SIGAP_HASH_KEYS = ["kunci-hash-2"]
    assert found(client, code)


def test_rotate_hash_keys_rekeys_identifiers_so_links_hold(settings, areas):
    settings.SIGAP_HASH_KEYS = ["kunci-hash-1"]
    first, _code = make_report(suspect_identifiers="0812-9999-1111")
    settings.SIGAP_HASH_KEYS = ["kunci-hash-2", "kunci-hash-1"]
    call_command("rotate_hash_keys", verbosity=0)
    settings.SIGAP_HASH_KEYS = ["kunci-hash-2"]
    second, _code = make_report(suspect_identifiers="+62 812 9999 1111")
    assert first in actions.linked_reports(second)


def test_rotate_hash_keys_rekeys_victims_identity(settings, medan_case_worker):
    settings.SIGAP_HASH_KEYS = ["kunci-hash-1"]
    case = make_case(medan_case_worker)
    settings.SIGAP_HASH_KEYS = ["kunci-hash-2", "kunci-hash-1"]
    call_command("rotate_hash_keys", verbosity=0)
    victim = Victim.objects.get(case=case)
    assert victim.identity_hash == victim_identity_hash(
        nik=victim.nik, first_name="Siti", second_name="Rahmawati", birth_year=1995
    )


def test_a_wrong_data_key_does_not_stop_sign_in(client, settings, areas):
    user = personas.person("duta_kunci", role="ambassador", area=personas.TERJUN)
    user.phone = "+6281234567890"
    user.save()
    settings.SIGAP_DATA_KEYS = [Fernet.generate_key().decode()]
    response = post_password(client, "duta_kunci")
    assert response.status_code == 302
    assert client.get("/akun/saya/").status_code == 200


def test_a_wrong_data_key_leaves_backup_codes_working(client, settings, areas):
    user = personas.person("koord_kunci", role="coordinator", area=personas.MEDAN)
    give_totp(user)
    codes = twofactor.backup_codes_regenerate(user, audit=False)
    settings.SIGAP_DATA_KEYS = [Fernet.generate_key().decode()]
    assert post_password(client, "koord_kunci").status_code == 302
    assert client.post(VERIFY, {"code": "123456"}).status_code == 200  # TOTP cannot be read
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_restore_drill_reads_a_case_and_a_receipt_back(tmp_path, medan_case_worker, areas):
    case = make_case(medan_case_worker)
    _report, code = make_report()
    target = tmp_path / "sigap-backup"
    call_command("backup", str(target), verbosity=0)
    if connection.vendor == "sqlite":
        rows = _read_sqlite(target, code)
    else:
        rows = _read_postgresql(target, code)
    report_id, first_name = rows
    assert report_id == Report.objects.get(receipt_hash=hashing.receipt_hash(code)).pk
    assert crypto.decrypt(data_cipher(), first_name) == "Siti"
    assert Victim.objects.get(case=case).first_name == "Siti"


def _queries(code):
    report, victim = Report._meta.db_table, Victim._meta.db_table
    return (
        f"SELECT id FROM {report} WHERE receipt_hash = %s",  # noqa: S608
        f"SELECT first_name FROM {victim} ORDER BY id LIMIT 1",  # noqa: S608
    ), hashing.receipt_hash(code)


def _read_sqlite(path, code):
    (by_receipt, victim), receipt = _queries(code)
    restored = sqlite3.connect(tmp := str(path) + ".restored")
    with sqlite3.connect(path) as backup:
        backup.backup(restored)  # the drill: copy the backup into a fresh database file
    with restored:
        report_id = restored.execute(by_receipt.replace("%s", "?"), [receipt]).fetchone()[0]
        first_name = restored.execute(victim).fetchone()[0]
    restored.close()
    assert tmp
    return report_id, first_name


def _read_postgresql(path, code):
    import subprocess

    import psycopg

    (by_receipt, victim), receipt = _queries(code)
    params = connection.get_connection_params()
    fresh = f"{connection.settings_dict['NAME']}_restore"
    admin = dict(params, dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        db.execute(f'CREATE DATABASE "{fresh}"')
    try:
        env = {
            "PGHOST": params.get("host", ""),
            "PGPORT": str(params.get("port", "")),
            "PGUSER": params.get("user", ""),
            "PGPASSWORD": params.get("password", ""),
        }
        subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", fresh, str(path)],
            check=True, env={k: v for k, v in env.items() if v} | {"PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        with psycopg.connect(**dict(params, dbname=fresh)) as db:
            report_id = db.execute(by_receipt, [receipt]).fetchone()[0]
            first_name = db.execute(victim).fetchone()[0]
    finally:
        with psycopg.connect(**admin) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    return report_id, first_name


def test_rotate_data_keys_also_rotates_programme_files(settings, tmp_path, areas):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.people import files
    from sigap.programme import actions as programme
    from sigap.programme.models import Outreach
    from sigap.regions.models import Area
    from tests.cases.conftest import jpeg_with_gps
    from tests.programme.conftest import make_medan_programme

    settings.MEDIA_ROOT = tmp_path
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SIGAP_DATA_KEYS = [old]
    photo = files.clean(SimpleUploadedFile("a.jpg", jpeg_with_gps()), images_only=True)
    outreach = programme.outreach_log(
        actor=None, programme=make_medan_programme(), photo=photo,
        area=Area.objects.get(code=personas.TERJUN), held_on=date(2026, 3, 12),
        venue_type="school", topics=["reporting"],
    )  # fmt: skip
    settings.SIGAP_DATA_KEYS = [new, old]
    call_command("rotate_data_keys", verbosity=0)
    settings.SIGAP_DATA_KEYS = [new]
    assert files.load(Outreach.objects.get(pk=outreach.pk).photo.name) == photo.content
