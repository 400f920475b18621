from sigap.lib.phones import country_of, find_phones, normalize_phone


def ents(screener, text):
    return screener.screen(text).entities


def test_phone_numbers_to_e164():
    assert normalize_phone("0812-3456-7890") == "+6281234567890"
    assert normalize_phone("+62 812 3456 7890") == "+6281234567890"
    assert normalize_phone("6281234567890") == "+6281234567890"
    assert normalize_phone("+855 12 345 678") == "+85512345678"
    assert normalize_phone("123") is None
    assert normalize_phone("") is None


def test_find_phones_skips_money_and_keeps_spans():
    text = "gaji Rp 15.000.000, hub 0812 3456 7890 atau wa.me/6285712345678"
    found = find_phones(text)
    assert [e for _, e in found] == ["+6281234567890", "+6285712345678"]
    (s, e), _ = found[0]
    assert text[s:e] == "0812 3456 7890"
    assert country_of("+85512345678") == "KH"


def test_whatsapp_link_and_foreign_number(rules_screener):
    result = rules_screener.screen("Kerja admin, chat wa.me/6281298765432 atau +855 96 123 4567")
    assert "+6281298765432" in [e for _, e in result.entities.phones]
    assert "+855961234567" in [e for _, e in result.entities.phones]
    assert "nomor_asing" in result.flags
    platforms = {p for _, p, _ in result.entities.accounts}
    assert "whatsapp" in platforms


def test_social_accounts(rules_screener):
    e = ents(
        rules_screener,
        "Telegram: @kerja_asik, IG @loker.ln, t.me/rekrut_kh, "
        "tiktok.com/@lokerviral, fb.com/loker.asia, email hrd@maju.co.id",
    )
    accounts = {(p, v) for _, p, v in e.accounts}
    assert ("telegram", "@kerja_asik") in accounts
    assert ("instagram", "@loker.ln") in accounts
    assert ("telegram", "t.me/rekrut_kh") in accounts
    assert ("tiktok", "tiktok.com/@lokerviral") in accounts
    assert ("facebook", "fb.com/loker.asia") in accounts
    assert [s.text for s in e.emails] == ["hrd@maju.co.id"]


def test_company_names(rules_screener):
    e = ents(
        rules_screener,
        "PT Maju Jaya Abadi membuka lowongan. Juga Golden Lotus Sdn Bhd "
        "dan Sunrise Trading Co., Ltd di Phnom Penh; CV Karya Bersama butuh kurir.",
    )
    names = [c.name for c in e.companies]
    assert "PT Maju Jaya Abadi" in names
    assert "Golden Lotus Sdn Bhd" in names
    assert any(n.startswith("Sunrise Trading Co") for n in names)
    assert "CV Karya Bersama" in names


def test_destinations_and_scam_hubs(rules_screener):
    e = ents(
        rules_screener,
        "Kerja di KK Park, Myawaddy, transit Bangkok, lalu Bavet dan Poipet, "
        "juga Shwe Kokko dan Sihanoukville",
    )
    assert {c for _, c, _ in e.destinations} == {"MM", "TH", "KH"}
    assert {n for _, _, n in e.destinations} >= {
        "kk park",
        "myawaddy",
        "bavet",
        "poipet",
        "shwe kokko",
        "sihanoukville",
    }


def test_salary_normalised_to_rupiah_per_month(rules_screener):
    cases = {
        "gaji Rp 15.000.000": 15_000_000,
        "gaji 15jt": 15_000_000,
        "gaji $1,000": 16_000_000,
        "salary USD 1.000-1.200": 19_200_000,
        "gaji RM 3000": 11_100_000,
        "gaji 500rb/hari": 13_000_000,
        "gaji 1,5 juta per minggu": 6_495_000,
    }
    for text, expected in cases.items():
        salaries = ents(rules_screener, text).salaries
        assert salaries, text
        assert salaries[0].amount_idr_month_max == expected, text
    low = ents(rules_screener, "salary USD 1.000-1.200").salaries[0]
    assert (low.amount_idr_month, low.currency, low.kind) == (16_000_000, "USD", "salary")


def test_fees_are_told_apart_from_salary(rules_screener):
    e = ents(rules_screener, "gaji 8 juta, biaya administrasi Rp 2.500.000 dibayar dulu")
    assert [s.amount_idr_month for s in e.salaries] == [8_000_000]
    assert [f.amount_idr_month for f in e.fees] == [2_500_000]
    assert e.fees[0].kind == "fee"


def test_age_visa_urgency_licence(rules_screener):
    e = ents(
        rules_screener,
        "usia 17-25 tahun, pakai visa turis, berangkat minggu ini. SIP3MI No. 123/2024",
    )
    assert [(lo, hi) for _, lo, hi in e.ages] == [(17, 25)]
    assert [v for _, v in e.visas] == ["tourist"]
    assert e.urgency and "berangkat" in e.urgency[0].text
    assert [n for _, n in e.licences] == ["123/2024"]


def test_entities_serialise(rules_screener):
    data = rules_screener.screen("Admin ke Kamboja gaji 15jt hub 0812-3456-7890").to_dict()
    assert data["entities"]["phones"] == ["+6281234567890"]
    assert data["entities"]["destinations"] == ["KH"]
    assert data["entities"]["salaries"][0]["idr_per_month"] == 15_000_000
