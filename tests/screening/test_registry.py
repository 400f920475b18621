from datetime import date

import pytest

from sigap.screening.registry import Registry, RegistryError, company_key


def test_sample_registry_is_marked_as_sample(registry):
    assert registry.is_sample
    assert len(registry) >= 5
    assert all("SAMPLE" in a.source for a in registry.agencies)


@pytest.mark.parametrize(
    "spelling",
    [
        "PT Sampel Karya Migran Sejahtera",
        "pt. sampel karya migran sejahtera",
        "Sampel Karya Migran Sejahtera",
        "PT Sampel Karya Migran Sejahtra",
    ],
)
def test_fuzzy_match(registry, spelling):
    agency, score = registry.match(spelling)
    assert agency.name == "PT Sampel Karya Migran Sejahtera"
    assert score >= 90


def test_no_match_for_other_companies(registry):
    assert registry.match("PT Maju Jaya Abadi") is None
    assert registry.match("PT") is None


def test_licence_validity(registry):
    on = date(2026, 6, 1)
    expired, _ = registry.match("PT Ilustrasi Jasa Migran")
    revoked, _ = registry.match("PT Uji Coba Sumber Daya")
    good, _ = registry.match("PT Karya Teladan Samudra")
    assert not expired.is_valid(on) and not revoked.is_valid(on) and good.is_valid(on)


def test_result_says_whether_company_is_registered(rules_screener):
    result = rules_screener.screen(
        "PT Karya Teladan Samudra membuka lowongan ke Taiwan. PT Uji Coba Sumber Daya juga."
    )
    by_name = {c.registry_name: c for c in result.entities.companies if c.in_registry}
    assert by_name["PT Karya Teladan Samudra"].licence_valid is True
    assert by_name["PT Uji Coba Sumber Daya"].licence_valid is False
    assert "p3mi_terdaftar" in result.flags
    unknown = rules_screener.screen("PT Maju Jaya Abadi membuka lowongan ke Taiwan.")
    assert [c.in_registry for c in unknown.entities.companies] == [False]


def test_licence_number_match(rules_screener):
    result = rules_screener.screen("Lowongan ke Jepang. SIP3MI No. SAMPLE-SIP3MI-0007/2024")
    assert "p3mi_terdaftar" in result.flags


def test_load_errors_are_clear(tmp_path):
    bad = tmp_path / "p3mi.csv"
    bad.write_text("nama,nomor\nPT A,1\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="missing column"):
        Registry.load(bad)
    bad.write_text("name,licence_number,valid_until\nPT A,1,31-12-2026\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="line 2"):
        Registry.load(bad)


def test_company_key_drops_legal_forms():
    assert company_key("PT. Maju Jaya, Tbk") == "maju jaya"
    assert company_key("Golden Lotus Sdn. Bhd.") == "golden lotus"
