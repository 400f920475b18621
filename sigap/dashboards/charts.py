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
