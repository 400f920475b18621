"""An alert's evidence for people: one sentence, a 12-week sparkline and, for a network, its
graph, all server-rendered (SVG, no script) from the numbers and ids the alert keeps."""

import math

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.alerts.models import Alert, Kind
from sigap.cases.access import cases_visible_to, reports_visible_to
from sigap.cases.models import Case, Report

MEASURES = {
    "reports": gettext_lazy("reports"),
    "posts_high": gettext_lazy("high-risk screened posts"),
}


def _n(value, decimals: int = 1) -> str:
    """'2,1' in Indonesian, '2.1' in English; whole numbers without decimals."""
    value = float(value)
    if value == int(value):
        return number_format(int(value))
    return number_format(round(value, decimals), decimal_pos=decimals)


def sentence(alert: Alert) -> str:
    f = alert.facts
    if alert.kind == Kind.SPIKE:
        return _(
            "%(observed)s %(what)s this week; usually %(expected)s; threshold %(threshold)s"
        ) % {
            "observed": _n(f.get("observed", 0)),
            "what": MEASURES.get(alert.key, alert.key),
            "expected": _n(f.get("expected", 0)),
            "threshold": _n(f.get("threshold", 0)),
        }
    if alert.kind == Kind.NETWORK:
        return _(
            "%(reports)s reports (%(records)s records) in %(kecamatan)s kecamatan share "
            "%(identifiers)s phone numbers, accounts or companies"
        ) % {k: f.get(k, 0) for k in ("reports", "records", "kecamatan", "identifiers")}
    if alert.kind == Kind.CONDITION_MISSING:
        return _("%(missing)s condition reports missing; %(days)s days past the due date") % {
            "missing": f.get("missing", 0),
            "days": f.get("days_late", 0),
        }
    if alert.kind == Kind.REFERRAL_OVERDUE:
        return _("%(overdue)s referrals unanswered; up to %(days)s days past the deadline") % {
            "overdue": f.get("overdue", 0),
            "days": f.get("days_late", 0),
        }
    if alert.kind == Kind.PACT_BEHIND:
        return _("%(achieved)s of %(target)s volunteers formed; %(expected)s expected by now") % {
            k: f.get(k, 0) for k in ("achieved", "target", "expected")
        }
    return _("%(recent)s reports in 12 weeks and no active ambassador or relawan") % {
        "recent": f.get("recent_reports", 0)
    }


def sparkline(counts: list[int], width: int = 132, height: int = 32) -> SafeString:
    """Bars for the last 12 periods, the last one (the period judged) darker."""
    if not counts:
        return SafeString("")
    top = max(max(counts), 1)
    step = width / len(counts)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        (
            (
                f"{i * step:.1f}",
                f"{height - value / top * (height - 2):.1f}",
                f"{step * 0.8:.1f}",
                f"{max(value / top * (height - 2), 0.5):.1f}",
                "#b3261e" if i == len(counts) - 1 else "#9aa4b1",
                value,
            )
            for i, value in enumerate(counts)
        ),
    )
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" '
        'height="{}">{}</svg>',
        _("Counts of the last %(n)s weeks: %(counts)s")
        % {"n": len(counts), "counts": ", ".join(str(c) for c in counts)},
        width,
        height,
        width,
        height,
        bars,
    )


def record_links(user, records: list) -> list[tuple[str, str | None]]:
    """(reference, link or None) for each record: a link only where the viewer may open it."""
    report_ids = [int(r[1]) for r in records if r[0] == "report"]
    case_ids = [int(r[1]) for r in records if r[0] == "case"]
    reports = set(reports_visible_to(user).filter(pk__in=report_ids).values_list("pk", flat=True))
    cases = set(cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    out = []
    for kind, pk, _area in records:
        if kind == "report":
            link = reverse("cases:report", args=[pk]) if int(pk) in reports else None
            out.append((Report.reference_for(int(pk)), link))
        elif kind == "case":
            link = reverse("cases:case", args=[pk]) if int(pk) in cases else None
            out.append((Case.reference_for(int(pk)), link))
        elif kind == "referral":
            out.append((f"R-{int(pk):06d}", None))
        else:
            out.append((str(pk), None))
    return out


def graph(alert: Alert, links: dict[str, str | None]) -> SafeString:
    """A network's graph: identifiers (masked) on an inner ring, records on an outer ring, a
    line for each sighting; a record is a link only where the viewer may open it."""
    identifiers = sorted({e[0]: e[1] for e in alert.edges}.items())
    records = sorted({_record_key(e[2]) for e in alert.edges})
    size, centre = 360, 180
    at = {key: _ring(i, len(identifiers), 70, centre) for i, (key, _l) in enumerate(identifiers)}
    at.update({key: _ring(i, len(records), 150, centre) for i, key in enumerate(records)})
    lines = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9aa4b1"/>',
        ((*at[e[0]], *at[_record_key(e[2])]) for e in alert.edges),
    )
    ids = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="9" fill="#b3261e"/>'
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        (
            (*at[key], at[key][0], f"{float(at[key][1]) - 12:.1f}", label)
            for key, label in identifiers
        ),
    )
    nodes = format_html_join("", "{}", ((_record_node(key, at[key], links),) for key in records))
    return format_html(
        '<svg class="network" role="img" aria-label="{}" viewBox="0 0 {} {}">{}{}{}</svg>',
        _("Records linked by shared identifiers"),
        size,
        size,
        lines,
        ids,
        nodes,
    )


def _record_key(record) -> str:
    kind, pk = record[0], int(record[1])
    return Report.reference_for(pk) if kind == "report" else Case.reference_for(pk)


def _record_node(reference: str, xy: tuple[str, str], links: dict[str, str | None]):
    node = format_html(
        '<circle cx="{}" cy="{}" r="7" fill="#1f5f8b"/>'
        '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
        *xy,
        xy[0],
        f"{float(xy[1]) + 18:.1f}",
        reference,
    )
    link = links.get(reference)
    return format_html('<a href="{}">{}</a>', link, node) if link else node


def _ring(i: int, n: int, radius: float, centre: float) -> tuple[str, str]:
    angle = 2 * math.pi * i / max(n, 1) - math.pi / 2
    r = radius if n > 1 else (0 if radius < 100 else radius)
    return f"{centre + r * math.cos(angle):.1f}", f"{centre + r * math.sin(angle):.1f}"
