"""A dashboard table's numbers as CSV or XLSX: exactly the cells the page shows (suppressed
ones as "<k"), so a download never tells more than the screen."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from sigap.dashboards.queries import CHILD_MEASURES, Dashboard


def table_rows(dashboard: Dashboard, key: str) -> tuple[str, list[str], list[list[str]]] | None:
    """(title, header, rows) of one table, or of "areas" (the per-area table)."""
    if key == "areas":
        header = [_("Code"), _("Area")] + [_measure_label(m) for m in CHILD_MEASURES]
        rows = [
            [row.area.code, row.area.display_name] + [row.shown[m] for m in CHILD_MEASURES]
            for row in dashboard.children
        ]
        return _("Per area"), header, rows
    table = next((t for t in dashboard.tables if t.key == key), None)
    if table is None:
        return None
    rows = [[label, shown] for (label, _n), shown in zip(table.rows, table.shown, strict=True)]
    return str(table.title), [_("Category"), _("Count")], rows


def _measure_label(measure: str) -> str:
    from sigap.dashboards.forms import MEASURES

    return str(dict(MEASURES)[measure])


def _safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; neutralise them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_safe(str(cell)) for cell in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def as_xlsx(sheets: list[tuple[str, list[str], list[list[str]]]]) -> bytes:
    """One sheet per (title, header, rows); counts that are plain numbers are stored as numbers."""
    book = Workbook()
    book.remove(book.active)
    used = set()
    for title, header, rows in sheets:
        name = _sheet_name(title, used)
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append([int(c) if str(c).isdigit() else _safe(str(c)) for c in row])
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, used: set) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:26]} {n}"
    used.add(name)
    return name


HXL_MEASURES = {
    "reports": "#indicator+reports+num",
    "cases": "#indicator+cases+num",
    "ambassadors": "#indicator+ambassadors+num",
    "reached": "#reached+outreach+num",
}


def hxl_rows(dashboard: Dashboard) -> tuple[list[str], list[list[str]]]:
    """The per-area table with a second header row of HXL hashtags (hxlstandard.org), so
    humanitarian tools read the columns without a mapping."""
    adm = f"#adm{dashboard.child_level}"
    header = [_("Code"), _("Area"), _("From"), _("To")] + [
        _measure_label(m) for m in CHILD_MEASURES
    ]
    tags = [f"{adm}+code", f"{adm}+name", "#date+start", "#date+end"] + [
        HXL_MEASURES[m] for m in CHILD_MEASURES
    ]
    start, end = dashboard.period.start.isoformat(), dashboard.period.end.isoformat()
    rows = [tags] + [
        [row.area.code, row.area.name, start, end] + [row.shown[m] for m in CHILD_MEASURES]
        for row in dashboard.children
    ]
    return header, rows
