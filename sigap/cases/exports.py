"""The de-identified HTCDS 2.0 CSV (one row per victim, the standard's field names) and
aggregate counts per area with small cells suppressed."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Substr

from sigap.cases import choices as c
from sigap.cases.htcds import export as htcds_export
from sigap.cases.models import Case, Report
from sigap.regions.models import Area, Level

CODE_LENGTH = {Level.DISTRICT: 8, Level.VILLAGE: 13}  # "12.71.12", "12.71.12.1003"
PARENT_LENGTH = {Level.DISTRICT: 5, Level.VILLAGE: 8}  # the city's, the kecamatan's


def htcds_csv_lines(cases):
    """CSV lines, streamed, for the victims of ``cases``: the de-identified HTCDS profile
    (sigap.cases.htcds.export; names, NIK, contacts and addresses are never in it)."""
    return htcds_export.csv_lines(cases, "deidentified")


def small_cell_k() -> int:
    return getattr(settings, "SIGAP_SMALL_CELL_K", 11)


def suppress(count: int, k: int) -> str:
    """A count below k is shown only as "<k" (CTDC's rule), zero included: even "none" can
    tell something about a small kelurahan."""
    return f"<{k}" if count < k else str(count)


def area_statistics(*, area_q, level: int, date_from: date | None, date_to: date | None):
    """Rows of (area, {measure: shown count}) for areas in scope, grouped at ``level``."""
    k = small_cell_k()
    length = CODE_LENGTH[level]
    measures = {
        "reports": Report.objects.filter(area_q),
        "possible_or_actual": Report.objects.filter(area_q).filter(
            decision__in=[c.TraffickingStatus.POSSIBLE, c.TraffickingStatus.ACTUAL]
        ),
        "cases": Case.objects.filter(area_q),
    }
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(measures, 0))
    for name, queryset in measures.items():
        if date_from:
            queryset = queryset.filter(created_at__date__gte=date_from)
        if date_to:
            queryset = queryset.filter(created_at__date__lte=date_to)
        rows = (
            queryset.filter(area__level__gte=level)
            .annotate(group=Substr("area_id", 1, length))
            .values("group")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts[row["group"]][name] = row["n"]
    areas = Area.objects.in_bulk(list(counts))
    hidden = secondary_cells(counts, PARENT_LENGTH[level], k)
    return [
        (
            areas.get(code),
            {m: f"≥{k}" if (code, m) in hidden else suppress(n, k) for m, n in values.items()},
        )
        for code, values in sorted(counts.items())
    ], k


def secondary_cells(counts: dict[str, dict[str, int]], parent_length: int, k: int) -> set:
    """Cells to hide as well, so that no small count can be worked out by subtraction.

    A parent area's count (a kecamatan's, for its kelurahan) is published where it reaches k.
    If exactly one of its children is shown as "<k", that child is the parent's count minus the
    children shown exactly; so the smallest of those is hidden too (shown as "≥k", which is
    true). Areas with no rows are known zeros and hide nothing."""
    hidden: set[tuple[str, str]] = set()
    measures = {m for values in counts.values() for m in values}
    for measure in measures:
        groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for code, values in counts.items():
            groups[code[:parent_length]].append((values[measure], code))
        for children in groups.values():
            small = [code for n, code in children if n < k]
            if len(small) != 1 or sum(n for n, _ in children) < k:
                continue
            smallest_exact = min((n, code) for n, code in children if n >= k)
            hidden.add((smallest_exact[1], measure))
    return hidden
