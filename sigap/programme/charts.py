"""Charts over time drawn on the server as SVG: no script, no external library, readable on a
cheap phone and printable. Every number drawn is also written on the chart."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, TOP, BOTTOM = 600, 220, 24, 36


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]
    css: str  # class of its bars: "s1", "s2"…


def _n(number: float) -> str:
    return f"{number:.1f}"


def bars(months: list[str], series: list[Series], *, title: str) -> SafeString:
    """Grouped bars, one group per month (``months`` are the x labels), one bar per series."""
    top = max((v for s in series for v in s.values), default=0) or 1
    slot = WIDTH / max(len(months), 1)
    bar = slot * 0.8 / max(len(series), 1)
    scale = (HEIGHT - TOP - BOTTOM) / top
    parts = []
    for i, month in enumerate(months):
        x0 = i * slot + slot * 0.1
        for j, s in enumerate(series):
            value = s.values[i]
            h = value * scale
            x, y = x0 + j * bar, HEIGHT - BOTTOM - h
            rect = (s.css, _n(x), _n(y), _n(bar - 1), _n(h), month, value, s.label)
            text = (_n(x + (bar - 1) / 2), _n(y - 4), value)
            parts.append(
                format_html(
                    '<rect class="{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {} {}</title></rect>"
                    '<text class="value" x="{}" y="{}">{}</text>',
                    *rect,
                    *text,
                )
            )
        parts.append(
            format_html(
                '<text class="month" x="{}" y="{}">{}</text>',
                _n(i * slot + slot / 2),
                HEIGHT - BOTTOM + 16,
                month,
            )
        )
    legend = format_html_join(
        " ",
        '<tspan class="{}-key">■</tspan> {}',
        ((s.css, s.label) for s in series),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}"
        '<line class="axis" x1="0" y1="{}" x2="{}" y2="{}"/>'
        '<text class="legend" x="0" y="{}">{}</text></svg>',
        WIDTH, HEIGHT, title, title, SafeString("".join(parts)),
        HEIGHT - BOTTOM, WIDTH, HEIGHT - BOTTOM, HEIGHT - 4, legend,
    )  # fmt: skip
