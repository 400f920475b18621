"""Personal data is ciphertext in the database, and keys can be rotated."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from sigap.cases import uploads
from sigap.cases.models import Attachment, Report, Victim
from sigap.people import fields
from sigap.people.fields import EncryptedTextField
from tests.cases.conftest import jpeg_with_gps, make_case

SECRETS = ["Rahmawati", "1271010101950001", "Pak Budi"]


def all_rows_text() -> str:
    """Every row of every table, as the database holds it."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out.append(repr(cursor.fetchall()))
    return "\n".join(out)


def test_no_victim_name_or_nik_in_plain_text_in_any_row(medan_case_worker):
    case = make_case(medan_case_worker)
    assert Victim.objects.get(case=case).nik == "1271010101950001"  # decrypts fine
    text = all_rows_text()
    for secret in SECRETS:
        assert secret not in text


def test_raw_sqlite_file_holds_no_victim_name_or_nik(medan_case_worker):
    if connection.vendor != "sqlite":
        pytest.skip("the raw-file check is for SQLite; PostgreSQL rows are checked above")
    make_case(medan_case_worker)
    # The database file's bytes, as SQLite would write them to disk.
    raw = connection.connection.serialize()
    # Rows written by this test are in the image (plain columns), the secrets are not.
    assert b"PossibleVictimOfTrafficking" in raw and b"Kamboja" not in raw
    for secret in SECRETS:
        assert secret.encode() not in raw


@pytest.fixture
def two_keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SIGAP_DATA_KEYS = [old]
    yield old, new
    fields._cipher.cache_clear()


def test_rotate_data_keys_reencrypts_everything_under_the_newest_key(
    medan_case_worker, two_keys, settings
):
    old, new = two_keys
    case = make_case(medan_case_worker)
    clean = uploads.clean(_Upload(jpeg_with_gps()))
    from sigap.cases import actions

    attachment = actions.case_attach(case=case, actor=medan_case_worker, clean=clean)
    before = every_encrypted_value()
    assert len({label for label, _, _ in before}) >= 3  # victims, reports, cases at least
    settings.SIGAP_DATA_KEYS = [new, old]
    call_command("rotate_data_keys", verbosity=0)
    settings.SIGAP_DATA_KEYS = [new]  # the old key is gone: everything must still read
    victim = Victim.objects.get(case=case)
    assert (victim.first_name, victim.nik) == ("Siti", "1271010101950001")
    assert Report.objects.get(case=case).suspect == "Agen bernama Pak Budi"
    assert uploads.load(Attachment.objects.get(pk=attachment.pk).storage_name) == clean.content
    medan_case_worker.refresh_from_db()
    assert every_encrypted_value() == before  # every field of every model, the same text


def test_an_interrupted_rotation_is_run_again(medan_case_worker, two_keys, settings):
    old, new = two_keys
    make_case(medan_case_worker)
    make_case(medan_case_worker)
    before = every_encrypted_value()
    settings.SIGAP_DATA_KEYS = [new, old]
    call_command("rotate_data_keys", verbosity=0)  # stands for a run stopped half way
    call_command("rotate_data_keys", verbosity=0)
    settings.SIGAP_DATA_KEYS = [new]
    assert every_encrypted_value() == before


def every_encrypted_value() -> dict:
    """Every non-empty encrypted value in the database, read (decrypted) through the ORM."""
    from django.apps import apps

    values = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
        for pk, *texts in model._base_manager.values_list("pk", *names) if names else []:
            values.update({(model._meta.label, pk, n): t for n, t in zip(names, texts) if t})
    return values


class _Upload:
    def __init__(self, content):
        self.content, self.size = content, len(content)

    def read(self):
        return self.content
