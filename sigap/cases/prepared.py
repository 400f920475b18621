"""The anonymous intake's statements, and the background worker's inserts, built once per
database from the models' fields and then only executed with each report's values.

Building SQL through the ORM costs more than running it (a one-row insert), and on
PostgreSQL every statement is a round trip. So a new report is one ``INSERT … SELECT … FROM
regions_area`` that checks its area (a kecamatan or kelurahan) in the same statement, with the
rate counter's upsert before it (on PostgreSQL in the same statement). Statements run prepared
(``prepared_cursor``). Values still go through each field's own preparation (defaults,
``auto_now``, encryption) before any lock is taken; a value that already has its field's plain
type (a string for a text column, an integer for a number) is sent as it is.
"""

import json
from contextlib import contextmanager, nullcontext
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

from sigap.cases.models import Identifier, Report
from sigap.lib import sqlitewal, writelock
from sigap.people import ratelimit
from sigap.people.fields import EncryptedTextField
from sigap.regions.models import Area, Level

# Everything of an area but its (possibly large) geometry, which the form never needs.
AREA_FIELDS = tuple(f.attname for f in Area._meta.concrete_fields if f.name != "geometry")


@lru_cache(maxsize=8)
def _area_sql(alias: str, vendor: str) -> str:
    query = (
        Area.objects.using(alias)
        .filter(code="", level__gte=Level.DISTRICT)
        .order_by()
        .values_list(*AREA_FIELDS)[:1]
        .query
    )
    sql, params = query.get_compiler(alias).as_sql()
    assert list(params) == ["", Level.DISTRICT], params
    return sql


def reportable_area(code: str, alias: str = DEFAULT_DB_ALIAS) -> Area | None:
    """The kecamatan or kelurahan with this code (one primary-key query), else None."""
    if not code:
        return None
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(_area_sql(alias, connection.vendor), [code, Level.DISTRICT])
        row = cursor.fetchone()
    return Area.from_db(alias, AREA_FIELDS, row) if row else None


# ---------------------------------------------------------------------------- the report

_MISSING = object()


def new(model, **fields):
    """``model(**fields)``, built from positional arguments: Django's keyword path costs four
    times as much (a report: 39 µs against 9), and a report is built for every one filed.
    Fields not given take their defaults; a relation is given as its key (``area_id=``) or its
    object (``area=``); any other name is refused, as the model itself refuses it."""
    related, args = {}, []
    for field in model._meta.concrete_fields:
        value = fields.pop(field.attname, _MISSING)
        if value is _MISSING and field.is_relation and field.name in fields:
            obj = related[field.name] = fields.pop(field.name)
            value = None if obj is None else getattr(obj, field.target_field.attname)
        args.append(field.get_default() if value is _MISSING else value)
    if fields:
        raise TypeError(f"{model.__name__}() got unexpected fields: {', '.join(sorted(fields))}")
    instance = model(*args)
    for name, obj in related.items():
        if obj is not None:  # the related object as well as its key, as the keyword path does
            setattr(instance, name, obj)
    return instance


# Field classes (exactly these, not subclasses such as the encrypted text field) whose value
# goes to the database as it is when it already has this type.
_PLAIN = {
    models.CharField: str,
    models.TextField: str,
    models.BooleanField: bool,
    models.SmallIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.IntegerField: int,
    models.PositiveIntegerField: int,
    models.BigIntegerField: int,
    models.BigAutoField: int,
}


@lru_cache(maxsize=8)
def _preparers(model) -> tuple:
    """(field, plain type or None, whether ``pre_save`` matters, special case or None) for
    each inserted field. Every column but a JSON one stores None as NULL as it is."""
    opts = model._meta
    found = []
    for field in opts.concrete_fields:
        if field is opts.auto_field or field.generated:
            continue
        target = field.target_field if field.many_to_one else field
        plain = _PLAIN.get(type(target))
        if plain is None and not isinstance(field, models.JSONField):
            plain = type(None)
        # Special cases: an encrypted field's string is encrypted directly; a JSON value is
        # sent as its text (the report's statement casts it on PostgreSQL).
        special = (
            "encrypted" if isinstance(field, EncryptedTextField)
            else "json" if isinstance(field, models.JSONField) and field.encoder is None
            else None
        )  # fmt: skip
        found.append((field, plain, isinstance(field, models.DateField), special))
    return tuple(found)


def values(obj, connection) -> list:
    """The parameters the ORM would send for inserting ``obj``, in ``_preparers`` order."""
    return [
        _prepared(
            field.pre_save(obj, True) if pre_save else getattr(obj, field.attname),
            plain, special, field, connection,
        )
        for field, plain, pre_save, special in _preparers(type(obj))
    ]  # fmt: skip


def _prepared(value, plain, special, field, connection):
    """``value`` as the ORM would send it for ``field`` (``_preparers``' plain type and
    special case)."""
    if special == "encrypted" and type(value) is str:
        return field.encrypt(value)
    if special == "json" and value is not None:
        return json.dumps(value)
    if plain is not None and (value is None or type(value) is plain):
        return value
    return field.get_db_prep_save(value, connection=connection)


@lru_cache(maxsize=8)
def _report_sql(alias: str, vendor: str) -> str:
    """``INSERT INTO cases_report (…) SELECT %s, …, area.code FROM regions_area … RETURNING id``.

    PostgreSQL types a ``SELECT``'s parameters by their column (``CAST``); SQLite must not cast
    (its ``CAST … AS datetime`` would turn a timestamp into a number) and needs no type."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    area, code, level = quote(Area._meta.db_table), quote("code"), quote("level")
    columns, selected = [], []
    for field, *_how in _preparers(Report):
        columns.append(quote(field.column))
        if field.attname == "area_id":
            selected.append(f"{area}.{code}")
        elif vendor == "postgresql":
            selected.append(f"CAST(%s AS {field.db_type(connection)})")
        else:
            selected.append("%s")
    # Names come from the models and are quoted; every value is a parameter.
    return (
        f"INSERT INTO {quote(Report._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(selected)} FROM {area} WHERE {area}.{code} = %s "
        f"AND {area}.{level} >= %s RETURNING {quote(Report._meta.pk.column)}"
    )


@lru_cache(maxsize=8)
def _counted_report_sql(alias: str, counting: str) -> str:
    """PostgreSQL: the rate counter's statement and the report's insert chained into one, the
    insert taking place only while the new count is within the limit (the last parameter
    before the area's)."""
    quote = connections[alias].ops.quote_name
    counted, count = quote("counted"), quote("count")
    insert = _report_sql(alias, "postgresql").replace(
        " WHERE ", f", {counted} WHERE {counted}.{count} <= %s AND ", 1
    )
    new_row, pk = quote("new_row"), quote(Report._meta.pk.column)
    # Names come from the models and are quoted; every value is a parameter.
    return (
        f"WITH {counted} AS ({counting}), {new_row} AS ({insert}) "  # noqa: S608
        f"SELECT (SELECT {count} FROM {counted}), (SELECT {pk} FROM {new_row})"
    )


STORED, REFUSED, NO_AREA = "stored", "refused", "no area"


def insert_report(report: Report, admit=None, alias: str = DEFAULT_DB_ALIAS) -> str:
    """Insert ``report`` (new, unsaved) if ``admit`` (a ``ratelimit.Hit``, or None) lets it in
    and its area is a kecamatan or kelurahan; set its primary key. Returns ``STORED``,
    ``REFUSED`` or ``NO_AREA``; only ``STORED`` stored anything.

    On PostgreSQL counting and inserting are one prepared statement (``_counted_report_sql``);
    on SQLite two in one transaction, under ``writing``'s lock. Either way a refused hit is
    counted."""
    connection = connections[alias]
    params = values(report, connection)
    del params[_area_index()]
    params += [report.area_id, Level.DISTRICT]
    if connection.vendor != "postgresql":
        total, pk = _store_sqlite(connection, alias, admit, params)
    elif admit is None:
        total, pk = (
            None,
            _first(_fetch_prepared(connection, _report_sql(alias, "postgresql"), params)),
        )
    else:
        counting, counting_params = admit.counting()
        params[-2:-2] = [admit.allowed]  # the count's limit comes before the area's code
        sql = _counted_report_sql(alias, counting)
        total, pk = _fetch_prepared(connection, sql, [*counting_params, *params])
        ratelimit.counted(total)
    if total is not None and total > admit.allowed:
        return REFUSED
    if pk is None:
        return NO_AREA
    report.pk = pk
    report._state.adding, report._state.db = False, alias
    return STORED


def _store_sqlite(connection, alias: str, admit, params: list) -> tuple:
    """SQLite: count the hit (if ``admit``) and insert the report in one transaction, under
    ``writing``'s lock, so a report costs one commit. Returns (the new count or None, the new
    primary key or None)."""
    with writing(alias), prepared_cursor(connection) as cursor, _sqlite_transaction(connection):
        total = None
        if admit is not None:
            cursor.execute(*admit.counting())
            total = cursor.fetchone()[0]
            ratelimit.counted(total)
            if total > admit.allowed:
                return total, None  # the count is kept: the transaction commits
        cursor.execute(_report_sql(alias, "sqlite"), params)
        return total, _first(cursor.fetchone())


@contextmanager
def _sqlite_transaction(connection):
    """One write transaction, begun IMMEDIATE (SQLite's write lock at once) on the driver's
    connection: what ``atomic`` does for this case, without its bookkeeping, which cost a
    third of the statements' own time. Inside a caller's transaction: ``atomic``'s savepoint."""
    if connection.in_atomic_block:
        with transaction.atomic(using=connection.alias):
            yield
        return
    raw = connection.connection
    raw.execute("BEGIN IMMEDIATE")
    try:
        yield
        raw.execute("COMMIT")
    except BaseException:
        if raw.in_transaction:  # a failed COMMIT may have ended it already
            raw.execute("ROLLBACK")
        raise


def _first(row):
    return row[0] if row else None


def writing(alias: str = DEFAULT_DB_ALIAS):
    """For a write on the intake's path (a report, the worker's batch) on a SQLite file,
    outside any transaction: hold the database's write lock (``sigap.lib.writelock``), so that
    writers queue instead of sleep-polling. Elsewhere nothing to hold."""
    connection = connections[alias]
    if connection.in_atomic_block or not sqlitewal.on_file(connection):
        return nullcontext()
    return writelock.exclusive(str(connection.settings_dict["NAME"]) + ".writelock")


def _fetch_prepared(connection, sql: str, params: list):
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def prepared_cursor(connection):
    """A cursor for the intake's statements (written with ``%s``, as Django's are) that runs
    them as the driver prepares them, without Django's per-statement work.

    PostgreSQL: a cursor that binds server-side and prepares every statement at once. Parsing
    and planning the report's statement cost PostgreSQL more than running it, and binding its
    values into the text costs Python as much again; prepared, a statement is planned once per
    connection, its values travel apart, and ``executemany`` sends one prepared statement many
    times. Django's own cursors bind client-side and never prepare, so the threshold set here
    concerns only these cursors. (A pooler in transaction mode must support prepared
    statements: PgBouncer ≥ 1.21 with ``max_prepared_statements``.)

    SQLite: the module's own cursor, which keeps its compiled statements; the placeholders are
    rewritten to ``?`` once per statement (``_native``), not at every call as Django's SQLite
    cursor does with a regular expression over the whole text."""
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor == "postgresql":
        import psycopg  # only PostgreSQL deployments need it

        raw.prepare_threshold = 0
        driver_cursor = psycopg.Cursor(raw)
    else:
        driver_cursor = raw.cursor()
    wrapper = _PreparedDebugCursor if connection.queries_logged else _PreparedCursor
    return wrapper(driver_cursor, connection)


@lru_cache(maxsize=64)
def _native(vendor: str, sql: str) -> str:
    """``sql``'s placeholders as the driver takes them (qmark for SQLite)."""
    if vendor != "sqlite":
        return sql
    return sql.replace("%s", "?").replace("%%", "%")


@lru_cache(maxsize=1)
def _area_index() -> int:
    return next(i for i, (f, *_rest) in enumerate(_preparers(Report)) if f.attname == "area_id")


# ---------------------------------------------------------------------------- the worker


def known_hashes(hashes, alias: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Those of ``hashes`` that an earlier report's identifier has. One probe per hash that
    stops at its first row: a recruiter's number may be in thousands of reports, and reading
    them all (``DISTINCT``) made every batch of the worker slower as the table grew."""
    hashes = sorted(hashes)
    if not hashes:
        return set()
    connection = connections[alias]
    quote = connection.ops.quote_name
    table, column = quote(Identifier._meta.db_table), quote("value_hash")
    listed = ", ".join(["(%s)"] * len(hashes))
    # Names come from the model and are quoted; every value is a parameter. A VALUES list's
    # column is "column1" on both SQLite and PostgreSQL.
    sql = (
        f"SELECT listed.column1 FROM (VALUES {listed}) AS listed WHERE EXISTS "  # noqa: S608
        f"(SELECT 1 FROM {table} WHERE {table}.{column} = listed.column1)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, hashes)
        return {row[0] for row in cursor.fetchall()}


# ---------------------------------------------------------------------------- many rows


@lru_cache(maxsize=32)
def _rows_sql(alias: str, model, fields: tuple[str, ...]) -> tuple[str, tuple]:
    """``INSERT INTO table (…) VALUES (%s, …)`` for these attnames (on PostgreSQL ``INSERT …
    SELECT * FROM unnest(%s, …)``, an array per column), and each one's (plain type or None,
    special case or None, field), as ``_preparers`` has them."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    found = tuple(by_attname[name] for name in fields)
    columns = ", ".join(quote(field.column) for field in found)
    marks = ", ".join(["%s"] * len(found))
    how = {field: (plain, special) for field, plain, _pre_save, special in _preparers(model)}
    prepare = tuple((*how[field], field) for field in found)
    rows = f"VALUES ({marks})"
    if connection.vendor == "postgresql":
        # One array per column, unnested into rows: one statement for the whole batch.
        arrays = ", ".join(f"CAST(%s AS {field.db_type(connection)}[])" for field in found)
        rows = f"SELECT * FROM unnest({arrays})"  # noqa: S608 (casts of quoted types)
    # Names come from the models and are quoted; every value is a parameter.
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {rows}", prepare  # noqa: S608


def insert_rows(model, fields: tuple[str, ...], rows: list[tuple], alias=DEFAULT_DB_ALIAS) -> None:
    """Insert ``rows`` (tuples of values in ``fields`` order, attnames) into ``model``'s table
    with one prepared statement (``prepared_cursor``; ``executemany`` on SQLite, arrays on
    PostgreSQL): what ``bulk_create`` stores, without making a model instance per row or
    compiling the statement each time.
    Each value still goes through its field's own preparation unless it already has the
    field's plain type."""
    if not rows:
        return
    connection = connections[alias]
    sql, prepare = _rows_sql(alias, model, fields)
    params = [
        [_prepared(value, plain, special, field, connection)
         for value, (plain, special, field) in zip(row, prepare, strict=True)]
        for row in rows
    ]  # fmt: skip
    with prepared_cursor(connection) as cursor:
        if connection.vendor == "postgresql":
            # One statement, each column's values as an array: PostgreSQL runs one insert for
            # the batch instead of one per row (which cost it more than the rows themselves).
            cursor.execute(sql, [list(column) for column in zip(*params, strict=True)])
        else:
            cursor.executemany(sql, params)  # SQLite: no round trips; one statement, reused


class _PreparedCursor(CursorWrapper):
    def execute(self, sql, params=None):
        return super().execute(_native(self.db.vendor, sql), params)

    def executemany(self, sql, param_list):
        return super().executemany(_native(self.db.vendor, sql), param_list)


class _PreparedDebugCursor(CursorDebugWrapper):
    """Logs each statement as written: Django reads the executed text back from its own
    client-side cursors only."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, _native(self.db.vendor, sql), params)

    def executemany(self, sql, param_list):
        with self.debug_sql(sql, param_list, many=True):
            return CursorWrapper.executemany(self, _native(self.db.vendor, sql), param_list)
