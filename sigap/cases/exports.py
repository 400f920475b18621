"""HTCDS 2.0 CSV (one row per victim, the standard's field names, no direct identifiers) and
aggregate counts per area with small cells suppressed."""

import csv
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Substr

from sigap.cases import choices as c
from sigap.cases.models import Case, Report, Victim
from sigap.regions.models import Area, Level

# The de-identified subset of HTCDS 2.0: names, NIK, contacts and addresses are never exported.
HTCDS_COLUMNS = [
    "prs_Gender",
    "prs_Citizenship",
    "vic_AgreementToManagePersonalData",
    "vic_TraffickingStatus",
    "vic_AgeWhenTrafficked",
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "cas_Status",
    "cas_OutgoingReferralDate",
    "hte_Country",
    "hte_State",
    "con_Consent",
]
MULTI = ";"  # HTCDS multiselect picklists follow Salesforce: values joined by ";"
CODE_LENGTH = {Level.DISTRICT: 8, Level.VILLAGE: 13}  # "12.71.12", "12.71.12.1003"
PARENT_LENGTH = {Level.DISTRICT: 5, Level.VILLAGE: 8}  # the city's, the kecamatan's


def _htcds_exploitation(values: list[str]) -> str:
    mapped = ["Other" if v in c.NON_HTCDS_EXPLOITATION else v for v in values]
    return MULTI.join(dict.fromkeys(mapped))


def _cell(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def htcds_row(victim: Victim) -> dict:
    case = victim.case
    consents = [k for k in victim.consents.all() if k.withdrawn_at is None]
    referral = min(case.referrals.all(), key=lambda r: r.created_at, default=None)
    age = case.created_at.year - victim.birth_year if victim.birth_year else ""
    return {
        "prs_Gender": victim.gender,
        "prs_Citizenship": victim.citizenship,
        "vic_AgreementToManagePersonalData": bool(consents),
        "vic_TraffickingStatus": victim.trafficking_status,
        "vic_AgeWhenTrafficked": age,
        "vic_RecruitmentWebsitesAndApps": MULTI.join(case.recruitment_apps),
        "vic_MethodOfRecruitment": MULTI.join(case.recruitment_methods),
        "vic_MethodsOfControl": MULTI.join(case.methods_of_control),
        "vic_TypeOfExploitation": _htcds_exploitation(case.exploitation_types),
        "cas_Status": c.HTCDS_CASE_STATUS[case.status],
        "cas_OutgoingReferralDate": referral.created_at.date().isoformat() if referral else "",
        "hte_Country": case.destination_country,
        "hte_State": case.area_id[:2],
        "con_Consent": any(k.allows_referral for k in consents),
    }


def htcds_csv_lines(cases):
    """CSV lines, streamed, for the victims of ``cases``."""
    buffer = _Echo()
    writer = csv.DictWriter(buffer, fieldnames=HTCDS_COLUMNS)
    yield writer.writeheader()
    victims = (
        Victim.objects.filter(case__in=cases)
        .select_related("case")
        .prefetch_related("consents", "case__referrals")
    )
    for victim in victims.iterator(chunk_size=500):
        yield writer.writerow({k: _cell(v) for k, v in htcds_row(victim).items()})


class _Echo:
    def write(self, value):
        return value


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
