"""The anonymous intake's queries and inserts, compiled by the ORM once per database.

Building a statement's SQL through the ORM costs more than running it (an indexed lookup, a
one-row insert); these run on every public report, so their SQL is made by the ORM on first
use (quoting, placeholders and RETURNING right for each backend) and afterwards only executed
with new parameters. Values still go through each field's own preparation
(``pre_save``/``get_db_prep_save``): defaults, ``auto_now`` and encryption are exactly the ORM's.
"""

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.sql import InsertQuery

from sigap.cases.models import Identifier
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


@lru_cache(maxsize=32)
def _identifier_sql(alias: str, vendor: str, count: int) -> str:
    values = [f"{i:064d}" for i in range(count)]
    query = Identifier.objects.using(alias).filter(value_hash__in=values).order_by()
    query = query.values_list("pk")[:1].query
    sql, params = query.get_compiler(alias).as_sql()
    assert list(params) == values, params
    return sql


def any_identifier(hashes, alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Does any stored report share one of these identifier hashes? (one indexed query)"""
    hashes = sorted(set(hashes))
    if not hashes:
        return False
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(_identifier_sql(alias, connection.vendor, len(hashes)), hashes)
        return cursor.fetchone() is not None


@lru_cache(maxsize=64)
def _insert_sql(model, alias: str, vendor: str) -> tuple[str, tuple]:
    opts = model._meta
    fields = tuple(f for f in opts.concrete_fields if f is not opts.auto_field and not f.generated)
    query = InsertQuery(model)
    query.insert_values(fields, [model()])
    compiler = query.get_compiler(alias)
    compiler.returning_fields = [opts.pk]
    [(sql, _params)] = compiler.as_sql()
    return sql, fields


def insert(objs: list, alias: str = DEFAULT_DB_ALIAS) -> list:
    """Insert new instances of one model and set their primary keys: what ``bulk_create``
    does, without compiling the statement each time. One row is one prepared statement; several
    rows go to ``bulk_create`` (one statement, whose SQL depends on the row count and backend)."""
    model, connection = (type(objs[0]), connections[alias]) if objs else (None, None)
    if len(objs) != 1 or not connection.features.can_return_columns_from_insert:
        return model.objects.using(alias).bulk_create(objs) if objs else objs
    [obj] = objs
    sql, fields = _insert_sql(model, alias, connection.vendor)
    obj._prepare_related_fields_for_save(operation_name="insert")
    params = []
    for field in fields:
        value = field.pre_save(obj, True)
        if hasattr(value, "resolve_expression"):  # an expression: let the ORM compile it
            return model.objects.using(alias).bulk_create(objs)
        params.append(field.get_db_prep_save(value, connection=connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, alias
    return objs
