"""Small cells, hidden as the statistics page hides them (sigap.cases.exports): a count below k
shows as "<k", and where a total would give one away a neighbour shows only as "≥k"."""

from sigap.cases.exports import secondary_cells, small_cell_k, suppress
from sigap.dashboards.queries import CHILD_MEASURES, Dashboard

# Child-area measures that come from reports and cases (the others are programme activity).
SENSITIVE_CHILD_MEASURES = ("reports", "cases")


def apply(dashboard: Dashboard, *, hide_small: bool) -> int:
    """Fill every table's and child row's shown cells; returns k. With ``hide_small`` False
    (a viewer entitled to the records themselves) every count is shown as it is."""
    k = small_cell_k()
    for table in dashboard.tables:
        if hide_small and table.sensitive:
            table.shown = hidden_list([n for _, n in table.rows], k)
        else:
            table.shown = [str(n) for _, n in table.rows]
    counts = {row.area.code: row.counts for row in dashboard.children}
    parent_length = len(dashboard.area.code) if dashboard.area else 0
    sensitive = {
        code: {m: values[m] for m in SENSITIVE_CHILD_MEASURES} for code, values in counts.items()
    }
    hidden = secondary_cells(sensitive, parent_length, k) if hide_small else set()
    for row in dashboard.children:
        row.shown = {}
        for measure in CHILD_MEASURES:
            n = row.counts[measure]
            if not hide_small or measure not in SENSITIVE_CHILD_MEASURES:
                row.shown[measure] = str(n)
            elif (row.area.code, measure) in hidden:
                row.shown[measure] = f"≥{k}"
            else:
                row.shown[measure] = suppress(n, k)
    return k


def hidden_list(values: list[int], k: int) -> list[str]:
    """One table's counts with small cells hidden, secondary suppression within the table."""
    counts = {str(n): {"n": value} for n, value in enumerate(values)}
    hidden = secondary_cells(counts, 0, k)
    return [
        f"≥{k}" if (str(n), "n") in hidden else suppress(value, k) for n, value in enumerate(values)
    ]


def is_exact(shown: str) -> bool:
    return shown.isdigit()
