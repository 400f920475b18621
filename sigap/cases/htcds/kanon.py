"""The public release: de-identified rows made k-anonymous over the quasi-identifiers.

Every combination of sex, age band, citizenship, exploitation type, country and area of
exploitation and year that is released is shared by at least k victims (k = 11, CTDC's rule).
Values are generalised a step at a time (Datafly: the quasi-identifier with the most distinct
values first) until no more than ``max_suppression`` of the rows sit in combinations below k;
those rows are then left out. Exact ages are never released: the finest age is a 5-year band.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sigap.cases import choices as c
from sigap.cases.htcds.columns import MULTI, local_date
from sigap.cases.models import Victim

ANY = "*"


def _age(level: int, age) -> str:
    if age in ("", None):
        return "" if level < 2 else ANY
    if level == 0:
        low = int(age) // 5 * 5
        return f"{low}-{low + 4}"
    return ("0-17" if int(age) < 18 else "18+") if level == 1 else ANY


def _exploitation(level: int, value: str) -> str:
    if level == 0 or not value:
        return value if level < 2 else ANY
    if level == 1:
        for main in ("SexualExploitation", "ForcedLabour"):
            if main in value.split(MULTI):
                return main
        return "Other"
    return ANY


def _home_or_abroad(level: int, value: str) -> str:
    if level == 0:
        return value
    return ("ID" if value == "ID" else "" if not value else "XX") if level == 1 else ANY


def _area(level: int, code: str) -> str:
    return (code[:5], code[:2], ANY)[level]


def _year(level: int, year: int) -> str:
    return (str(year), f"{year // 5 * 5}-{year // 5 * 5 + 4}", ANY)[level]


def _exact_or_any(level: int, value: str) -> str:
    return value if level == 0 else ANY


# quasi-identifier -> (generaliser, number of levels, what each level means)
HIERARCHIES = {
    "prs_Gender": (_exact_or_any, 2, (_("exact"), _("any"))),
    "vic_AgeWhenTrafficked": (_age, 3, (_("5-year band"), _("child or adult"), _("any"))),
    "prs_Citizenship": (_home_or_abroad, 3, (_("country"), _("Indonesian or foreign"), _("any"))),
    "vic_TypeOfExploitation": (_exploitation, 3, (_("exact"), _("main type"), _("any"))),
    "hte_Country": (_home_or_abroad, 3, (_("country"), _("Indonesia or abroad"), _("any"))),
    "vic_LocationOfExploitation": (_area, 3, (_("kota/kabupaten"), _("provinsi"), _("any"))),
    "yearOfRegistration": (_year, 3, (_("year"), _("5 years"), _("any"))),
}
QUASI = tuple(HIERARCHIES)
ATTRIBUTES = (
    "vic_TraffickingStatus",
    "vic_MethodOfRecruitment",
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodsOfControl",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "cas_Status",
)
COLUMNS = (*QUASI, *ATTRIBUTES)


@dataclass(frozen=True)
class Release:
    rows: list[dict]
    k: int
    total: int
    suppressed: int
    levels: dict[str, int]  # quasi-identifier -> generalisation level applied

    @property
    def loss(self) -> float:
        """Information lost by generalising: 0 = every value exact, 1 = every value "*"."""
        steps = [level / (HIERARCHIES[q][1] - 1) for q, level in self.levels.items()]
        return round(sum(steps) / len(steps), 3)

    def described_levels(self) -> dict[str, str]:
        return {q: HIERARCHIES[q][2][level] for q, level in self.levels.items()}


def anonymise(records: list[dict], *, k: int = 11, max_suppression: float = 0.05) -> Release:
    """``records`` carry the raw quasi-identifiers (age as a number, area as a full code, year
    as an int) and the attributes; the release holds generalised rows, each in a class >= k."""
    cache: dict[tuple[str, int], list[str]] = {}

    def column(q: str, level: int) -> list[str]:
        if (q, level) not in cache:
            generalise = HIERARCHIES[q][0]
            cache[q, level] = [generalise(level, r[q]) for r in records]
        return cache[q, level]

    levels = dict.fromkeys(QUASI, 0)
    while True:
        keys = list(zip(*(column(q, levels[q]) for q in QUASI), strict=True))
        counts = Counter(keys)
        small = sum(n for n in counts.values() if n < k)
        open_ = [q for q in QUASI if levels[q] < HIERARCHIES[q][1] - 1]
        if small <= max_suppression * len(records) or not open_:
            break
        widest = max(open_, key=lambda q: len(set(column(q, levels[q]))))
        levels[widest] += 1
    rows = [
        {**dict(zip(QUASI, key, strict=True)), **{a: record[a] for a in ATTRIBUTES}}
        for key, record in zip(keys, records, strict=True)
        if counts[key] >= k
    ]
    return Release(rows, k, len(records), len(records) - len(rows), levels)


def records_for(cases) -> list[dict]:
    """The raw quasi-identifiers and attributes of the victims of ``cases``, read without
    decrypting anything."""
    fields = [
        "gender", "citizenship", "birth_year", "age_when_trafficked", "trafficking_status",
        "case__created_at", "case__area_id", "case__exploitation_area_id",
        "case__exploitation_country", "case__destination_country", "case__exploitation_types",
        "case__recruitment_methods", "case__recruitment_apps", "case__methods_of_control",
        "case__forced_labour_industry", "case__sex_exploitation_types", "case__status",
    ]  # fmt: skip
    rows = Victim.objects.filter(case__in=cases).order_by("case_id", "pk").values_list(*fields)
    return [_record(*row) for row in rows.iterator(chunk_size=2000)]


def _record(gender, citizenship, birth_year, age, status, created_at, area, exploitation_area,
            exploitation_country, destination, types, methods, apps, control, industry, sex,
            case_status) -> dict:  # fmt: skip
    year = local_date(created_at, area).year
    if age is None and birth_year:
        age = year - birth_year
    mapped = ["Other" if t in c.NON_HTCDS_EXPLOITATION else t for t in types or []]
    return {
        "prs_Gender": gender,
        "vic_AgeWhenTrafficked": age,
        "prs_Citizenship": citizenship,
        "vic_TypeOfExploitation": MULTI.join(sorted(set(mapped))),
        "hte_Country": exploitation_country or destination or "",
        "vic_LocationOfExploitation": exploitation_area or "",
        "yearOfRegistration": year,
        "vic_TraffickingStatus": status,
        "vic_MethodOfRecruitment": MULTI.join(methods or []),
        "vic_RecruitmentWebsitesAndApps": MULTI.join(apps or []),
        "vic_MethodsOfControl": MULTI.join(control or []),
        "vic_ForcedLabourIndustry": industry,
        "vic_TypeOfSexExploitation": MULTI.join(sex or []),
        "cas_Status": c.HTCDS_CASE_STATUS[case_status],
    }
