"""Recruiter networks on constructed sightings."""

from sigap.warning import networks
from sigap.warning.model import RecordRef, Sighting

BELAWAN = "12.71.13.1001"  # Kecamatan Medan Belawan
TERJUN = "12.71.12.1003"  # Kecamatan Medan Marelan
RENGAS = "12.71.12.1004"


def report(n: int, area: str) -> RecordRef:
    return RecordRef("report", str(n), area)


def test_a_number_written_three_ways_is_one():
    spellings = ["0812-3456-7890", "+62 812 3456 7890", "6281234567890"]
    assert {networks.normalize("phone", s) for s in spellings} == {"+6281234567890"}


def test_three_reports_in_two_kecamatan_sharing_a_number_written_three_ways():
    sightings = [
        Sighting(report(1, TERJUN), "phone", "0812-3456-7890"),
        Sighting(report(2, RENGAS), "phone", "+62 812 3456 7890"),
        Sighting(report(3, BELAWAN), "phone", "6281234567890"),
    ]
    found = networks.clusters(sightings)
    assert len(found) == 1
    alert, edges = found[0]
    assert alert.kind == "network"
    assert alert.area == "12.71"  # the smallest area holding all three
    assert alert.fact("reports") == 3 and alert.fact("kecamatan") == 2
    assert {r.id for r in alert.records} == {"1", "2", "3"}
    assert {e.label for e in edges} == {"+6281•••890"}  # masked


def test_a_hotline_on_500_reports_joins_nothing():
    hotline = [Sighting(report(n, TERJUN), "phone", "0812 0000 1500") for n in range(500)]
    assert networks.clusters(hotline) == []
    # Two of those reports also share a recruiter's account: that pair alone is not a network.
    pair = [Sighting(report(n, TERJUN), "telegram", "@agen_kerja") for n in (1, 2)]
    assert networks.clusters(hotline + pair) == []


def test_clusters_join_through_different_identifiers():
    sightings = [
        Sighting(report(1, TERJUN), "phone", "081234567890"),
        Sighting(report(2, TERJUN), "phone", "081234567890"),
        Sighting(report(2, TERJUN), "company", "PT. Maju Jaya"),
        Sighting(RecordRef("case", "7", TERJUN), "company", "pt maju-jaya"),
        Sighting(report(3, TERJUN), "telegram", "https://t.me/agen_kerja"),
        Sighting(RecordRef("case", "7", TERJUN), "telegram", "@Agen_Kerja"),
    ]
    ((alert, edges),) = networks.clusters(sightings)
    assert alert.fact("reports") == 3 and alert.fact("records") == 4
    assert alert.fact("identifiers") == 3
    assert alert.area == "12.71.12.1003"


def test_two_reports_in_one_kecamatan_raise_nothing_but_two_kecamatan_do():
    same = [Sighting(report(n, a), "email", "hr@agen.id") for n, a in ((1, TERJUN), (2, RENGAS))]
    assert networks.clusters(same) == []
    apart = [Sighting(report(n, a), "email", "HR@agen.id ") for n, a in ((1, TERJUN), (2, BELAWAN))]
    assert len(networks.clusters(apart)) == 1


def test_common_area():
    assert networks.common_area(["12.71.12.1003", "12.71.12.1004"]) == "12.71.12"
    assert networks.common_area(["12.71.12.1003", "35.73.01.1010"]) == ""
