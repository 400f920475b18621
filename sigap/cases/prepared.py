"""The anonymous intake's statements, built once per database from the models' fields and then
only executed with each report's values.

Building SQL through the ORM costs more than running it (a one-row insert), and on
PostgreSQL every statement is a round trip. So a new report is one ``INSERT … SELECT … FROM
regions_area`` that checks its area (a kecamatan or kelurahan) in the same statement, and needs
no transaction of its own. Values still go through each field's own preparation (defaults,
``auto_now``, encryption) before any lock is taken; a value that already has its field's plain
type (a string for a text column, an integer for a number) is sent as it is.
"""

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections, models

from sigap.cases.models import Report
from sigap.people import ratelimit
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
    """(field, plain type or None, whether ``pre_save`` matters) for each inserted field."""
    opts = model._meta
    found = []
    for field in opts.concrete_fields:
        if field is opts.auto_field or field.generated:
            continue
        target = field.target_field if field.many_to_one else field
        plain = _PLAIN.get(type(target))
        found.append((field, plain, isinstance(field, models.DateField)))  # auto_now(_add)
    return tuple(found)


def values(obj, connection) -> list:
    """The parameters the ORM would send for inserting ``obj``, in ``_preparers`` order."""
    params = []
    for field, plain, pre_save in _preparers(type(obj)):
        value = field.pre_save(obj, True) if pre_save else getattr(obj, field.attname)
        if plain is not None and (value is None or type(value) is plain):
            params.append(value)
        else:
            params.append(field.get_db_prep_save(value, connection=connection))
    return params


@lru_cache(maxsize=8)
def _report_sql(alias: str, vendor: str) -> str:
    """``INSERT INTO cases_report (…) SELECT %s, …, area.code FROM regions_area … RETURNING id``.

    PostgreSQL types a ``SELECT``'s parameters by their column (``CAST``); SQLite must not cast
    (its ``CAST … AS datetime`` would turn a timestamp into a number) and needs no type."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    area, code, level = quote(Area._meta.db_table), quote("code"), quote("level")
    columns, selected = [], []
    for field, _plain, _pre_save in _preparers(Report):
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

    On PostgreSQL counting and inserting are one statement (``_counted_report_sql``), on SQLite
    two, each its own short transaction. Either way a refused hit is counted as well."""
    connection = connections[alias]
    params = values(report, connection)
    del params[_area_index()]
    where = [report.area_id, Level.DISTRICT]
    if admit is not None and connection.vendor == "postgresql":
        counting, counting_params = admit.counting()
        sql = _counted_report_sql(alias, counting)
        total, pk = _fetch(connection, sql, [*counting_params, *params, admit.allowed, *where])
        ratelimit.counted(total)
        if total > admit.allowed:
            return REFUSED
    elif admit is not None and not admit():
        return REFUSED
    else:
        row = _fetch(connection, _report_sql(alias, connection.vendor), params + where)
        pk = row[0] if row else None
    if pk is None:
        return NO_AREA
    report.pk = pk
    report._state.adding, report._state.db = False, alias
    return STORED


def _fetch(connection, sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@lru_cache(maxsize=1)
def _area_index() -> int:
    return next(i for i, (f, *_rest) in enumerate(_preparers(Report)) if f.attname == "area_id")
