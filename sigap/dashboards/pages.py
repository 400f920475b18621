"""What a dashboard page shows a given person: the numbers of one area, suppressed as that
person may see them, in the order their role reads them, with charts and a map. The pages
(the shell's home and dashboard views) add what other apps know, such as open alerts."""

from django.utils.http import urlencode

from sigap.dashboards import charts, maps, queries, suppression
from sigap.dashboards.forms import MEASURES
from sigap.people import access
from sigap.regions.models import Area

# Which tables each role reads first; the rest follow in the queries' order.
ROLE_FIRST = {
    "coordinator": ["coverage", "pacts", "conditions", "reports"],
    "official": ["conditions", "pacts", "coverage", "reports"],
    "case_worker": ["cases", "referrals", "services", "referral_agencies"],
    "focal_point": ["referrals", "referral_agencies", "services"],
    "analyst": ["reports", "cases", "exploitation", "destinations"],
}


def can_view(user, code: str | None) -> bool:
    """Dashboards cover areas the person may view; None (the country) needs national scope."""
    if code is None:
        return access.NATIONAL in access.scopes(user, "area.view")
    return access.can(user, "area.view", code)


def hides_small_cells(user, code: str | None) -> bool:
    """Small counts are hidden from everyone who may not open the records behind them."""
    if code is None:
        return access.NATIONAL not in access.scopes(user, "personal.view")
    return not access.can(user, "personal.view", code)


def ordered(tables: list, roles: set[str]) -> list:
    first: list[str] = []
    for role in ("case_worker", "focal_point", "coordinator", "official", "analyst"):
        if role in roles:
            first += [key for key in ROLE_FIRST[role] if key not in first]
    rank = {key: n for n, key in enumerate(first)}
    return sorted(tables, key=lambda t: rank.get(t.key, len(rank)))


def context(user, code: str | None, period: queries.Period, measure: str, marks=None) -> dict:
    """Everything the dashboard template needs. The caller has checked ``can_view``."""
    dashboard = queries.build(code, period)
    k = suppression.apply(dashboard, hide_small=hides_small_cells(user, code))
    dashboard.tables = ordered(dashboard.tables, access.roles_of(user))
    query = urlencode({"dari": period.start.isoformat(), "sampai": period.end.isoformat()})
    svg, legend = maps.choropleth(dashboard.children, measure, k, marks)
    return {
        "dashboard": dashboard,
        "k": k,
        "hidden": hides_small_cells(user, code),
        "charts": [(t, charts.bar_chart(t.rows, t.shown, str(t.title))) for t in dashboard.tables],
        "map_svg": svg,
        "legend": legend,
        "measure": measure,
        "measure_label": dict(MEASURES)[measure],
        "measures": MEASURES,
        "trail": trail(user, dashboard.area),
        "query": query,
        "area_param": code or "",
        "drill": [row for row in dashboard.children if row.area.code != code],
    }


def trail(user, area: Area | None) -> list[Area]:
    """The area's ancestors the person may also open, for the breadcrumb."""
    if area is None:
        return []
    return [a for a in area.ancestors().defer("geometry") if can_view(user, a.code)]
