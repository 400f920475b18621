"""The public release is k-anonymous: every released combination of the quasi-identifiers is
shared by at least k victims, on the database's cases and on any generated data."""

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.cases import choices as c
from sigap.cases.htcds import kanon
from sigap.cases.models import Case, Victim
from sigap.regions.models import Area

K = 11


def combinations(rows) -> Counter:
    return Counter(tuple(row[q] for q in kanon.QUASI) for row in rows)


def make_victims(n: int, seed: int = 7) -> None:
    """``n`` cases with one victim each, spread over Medan's and Malang's kelurahan."""
    rng = random.Random(seed)
    villages = list(Area.objects.filter(level=4).values_list("code", flat=True)[:60])
    cases = Case.objects.bulk_create(
        Case(
            area_id=rng.choice(villages),
            trafficking_status=c.TraffickingStatus.POSSIBLE,
            exploitation_types=rng.sample(["ForcedLabour", "SexualExploitation", "Servitude"], 1),
            exploitation_area_id=rng.choice(villages + [None]),
            exploitation_country=rng.choice(["", "MY", "KH"]),
        )
        for _ in range(n)
    )
    Victim.objects.bulk_create(
        Victim(
            case=case,
            first_name="x",
            gender=rng.choice(["Feminine", "Masculine", "TransgenderFeminine"]),
            birth_year=rng.randint(1960, 2012),
            citizenship=rng.choice(["ID"] * 20 + ["MY"]),
            trafficking_status=c.TraffickingStatus.POSSIBLE,
        )
        for case in cases
    )


def test_every_released_combination_counts_at_least_k(areas):
    make_victims(600)
    release = kanon.anonymise(kanon.records_for(Case.objects.all()), k=K)
    assert release.total == 600 and release.rows
    counts = combinations(release.rows)
    assert min(counts.values()) >= K, counts.most_common()[-3:]
    assert release.suppressed == 600 - len(release.rows) <= 0.05 * 600
    assert 0 < release.loss <= 1 and set(release.described_levels()) == set(kanon.QUASI)
    # No exact age or kelurahan leaves.
    assert all("-" in r["vic_AgeWhenTrafficked"] or r["vic_AgeWhenTrafficked"] in ("", "*", "18+")
               for r in release.rows)  # fmt: skip
    assert all(len(r["vic_LocationOfExploitation"]) <= 5 for r in release.rows)


def test_fewer_than_k_victims_release_nothing(areas):
    make_victims(K - 1)
    release = kanon.anonymise(kanon.records_for(Case.objects.all()), k=K)
    assert release.rows == [] and release.suppressed == K - 1


records = st.fixed_dictionaries(
    {
        "prs_Gender": st.sampled_from(c.Gender.values),
        "vic_AgeWhenTrafficked": st.one_of(st.none(), st.integers(0, 90)),
        "prs_Citizenship": st.sampled_from(["ID", "MY", "PH", "KH"]),
        "vic_TypeOfExploitation": st.sampled_from(
            ["ForcedLabour", "SexualExploitation", "ForcedLabour;SexualExploitation", "", "Other"]
        ),
        "hte_Country": st.sampled_from(["", "ID", "MY", "KH", "SA"]),
        "vic_LocationOfExploitation": st.sampled_from(
            ["", "12.71.12.1003", "12.71.13", "35.73.05.1006", "35.07", "73.71.01"]
        ),
        "yearOfRegistration": st.integers(2015, 2026),
        **{a: st.just("x") for a in kanon.ATTRIBUTES},
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(records, max_size=400), st.integers(2, 15))
def test_any_data_is_k_anonymous_after_release(rows, k):
    release = kanon.anonymise(rows, k=k)
    counts = combinations(release.rows)
    assert all(n >= k for n in counts.values())
    assert len(release.rows) + release.suppressed == len(rows)
    # Suppression stays within its limit unless everything is already at "any".
    at_top = all(release.levels[q] == kanon.HIERARCHIES[q][1] - 1 for q in kanon.QUASI)
    assert release.suppressed <= 0.05 * len(rows) or at_top
