"""Bar charts as inline SVG, drawn on the server: readable on a 360 px phone, no JavaScript,
no library. Each bar's label sits above it and its value at its end, so a narrow screen never
has to fit a label beside a bar. Hidden (suppressed) counts get no bar, only their "<k" text."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360  # viewBox units = CSS pixels at a phone's width
ROW = 38
BAR = 16


def bar_chart(rows: list[tuple[str, int]], shown: list[str], title: str) -> SafeString:
    """Horizontal bars for (label, count) rows; ``shown`` holds what may be printed of each."""
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    exact = [n for (_, n), text in zip(rows, shown, strict=True) if text.isdigit()]
    top = max(exact, default=0) or 1
    height = ROW * len(rows) + 4
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}">'
    ]
    for n, ((label, count), text) in enumerate(zip(rows, shown, strict=True)):
        y = n * ROW
        parts.append(f'<text x="0" y="{y + 13}" class="chart-label">{escape(label)}</text>')
        if text.isdigit():
            width = max(round((WIDTH - 60) * count / top), 1 if count else 0)
            parts.append(
                f'<rect x="0" y="{y + 18}" width="{width}" height="{BAR}" class="chart-bar"/>'
            )
            parts.append(f'<text x="{width + 6}" y="{y + 31}" class="chart-value">{text}</text>')
        else:
            parts.append(
                f'<text x="0" y="{y + 31}" class="chart-value chart-hidden">{escape(text)}</text>'
            )
    parts.append("</svg>")
    # Labels and values are escaped above; the rest is numbers and fixed markup.
    return mark_safe("".join(parts))  # noqa: S308


def line_chart(points: list[tuple[str, int]], title: str) -> SafeString:
    """A small line of totals over time (labels on the first and last point only)."""
    if not points:
        return mark_safe("")  # noqa: S308 - empty
    top = max(n for _, n in points) or 1
    height, left, right = 140, 8, WIDTH - 8
    step = (right - left) / max(len(points) - 1, 1)
    xy = [(left + i * step, 110 - 90 * n / top) for i, (_, n) in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<polyline points="{line}" class="chart-line" fill="none"/>',
    ]
    for x, y in xy:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="chart-dot"/>')
    for index, anchor in ((0, "start"), (len(points) - 1, "end")):
        label, n = points[index]
        x, y = xy[index]
        parts.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="{anchor}" class="chart-value">'
            f"{n:,}</text>"
            f'<text x="{x:.1f}" y="132" text-anchor="{anchor}" class="chart-label">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
