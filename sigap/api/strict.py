"""Input types that refuse what they are not, instead of converting it.

Pydantic's default (lax) mode turns ``true`` into 1, ``0`` into 1970-01-01 and any text into a
"phone". The API's input schemas use these types, so a wrong type is a 422 that says what was
expected. Query and path parameters arrive as text and keep their lax types.
"""

import re
from datetime import date
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BeforeValidator, Strict, ValidationInfo, model_validator

from sigap.lib.phones import normalize_phone

StrictInt = Annotated[int, Strict()]
StrictBool = Annotated[bool, Strict()]
# Larger numbers do not fit the database's integer columns (a 500, not a 422, before).
MAX_INT = 2**31 - 1
MAX_PAGE = 1_000_000

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise ValueError(_("Write the date as text in the form YYYY-MM-DD, e.g. “2026-03-10”."))


def _phone(value: str) -> str:
    if value and normalize_phone(value) is None:
        raise ValueError(
            _("This is not a phone number. Write it with digits, e.g. “0812-3456-7890”.")
        )
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Phone = Annotated[str, AfterValidator(_phone)]


class Pages(PageNumberPagination):
    """Ninja's page numbers, bounded: page 99999999999999999999 is a 422, not an overflow in
    the database's OFFSET (a 500 before)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_INT)


class Input(Schema):
    """The base of every request body: a JSON object, nothing else.

    Ninja reads a schema's fields from any value as attributes, so a bare string used to
    become a task titled by ``str.title`` (``"teks".title()``) and a 201."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: ValidationInfo) -> Any:
        if not isinstance(values, dict):
            raise ValueError(_("Send a JSON object with the fields listed at /api/v1/docs."))
        return handler(DjangoGetter(values, cls, info.context))
