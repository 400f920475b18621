"""The C accelerator sigap.screening._cmoney gives exactly what entities.money() and
entities.phones() give (values, order, spans, errors, and the spans cached on the Normalized)."""

import ast
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

cmoney = pytest.importorskip("sigap.screening._cmoney")

from sigap.screening import entities  # noqa: E402
from sigap.screening.corpus import generate  # noqa: E402
from sigap.screening.model import Salary, Span  # noqa: E402
from sigap.screening.normalize import Normalized, normalize  # noqa: E402
from sigap.screening.rules import load  # noqa: E402

RATES = load().exchange_rates
HERE = Path(__file__).parent


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except Exception as e:  # the same error, with the same message
        return ("error", type(e), str(e))


def check_money(text, rates=RATES):
    norm_py, norm_c = normalize(text), normalize(text)
    expected = outcome(entities.money, norm_py, rates)
    got = outcome(cmoney.money, norm_c, rates)
    assert got == expected, text[:300]
    assert norm_c._spans == norm_py._spans, text[:300]  # the same spans cached on the way
    if got[0] == "ok":
        salaries, fees = got[1]
        assert type(salaries) is list and type(fees) is list
        for item in salaries + fees:
            assert type(item) is Salary and type(item.span) is Span
            assert type(item.amount_idr_month) is int
            assert item.span.text == text[item.span.start : item.span.end]
    return got


def check_phones(text):
    expected = outcome(entities.phones, text)
    got = outcome(cmoney.phones, text)
    assert got == expected, text[:300]
    if got[0] == "ok":
        assert type(got[1]) is list
        for span, e164 in got[1]:
            assert type(span) is Span and type(e164) is str
            assert span.text == text[span.start : span.end]
    return got


def check(text):
    return check_money(text), check_phones(text)


# ---------------------------------------------------------------------------------------------
# Corpus and the texts of the other test files


@pytest.mark.parametrize("seed", [2026, 11])
def test_corpus(seed):
    found = 0
    for post in generate(3000, seed=seed):
        money, phones = check(post["text"])
        found += len(money[1][0]) + len(money[1][1]) + len(phones[1])
    assert found > 1000  # the corpus does exercise both


def _string_constants(path):
    """Every str literal in a test file, and the "text" * n products in it (capped)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mult)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and isinstance(node.right, ast.Constant)
            and isinstance(node.right.value, int)
        ):
            found.append(node.left.value * min(node.right.value, 50_000))
    return found


def _other_test_texts():
    texts = []
    try:
        from tests.screening.test_posts import POSTS

        texts += [p[0] for p in POSTS]
    except ImportError:
        pass
    for name in ("test_posts.py", "test_robustness.py", "test_entities.py"):
        if (HERE / name).exists():
            texts += _string_constants(HERE / name)
    return texts


def test_texts_of_other_tests():
    texts = _other_test_texts()
    assert len(texts) > 100
    for text in texts:
        check(text)


# ---------------------------------------------------------------------------------------------
# Money by hand

MONEY_CASES = [
    "",
    "gaji",
    "5",
    "Rp 15.000.000",
    "gaji Rp 15.000.000 per bulan",
    "rp15.000.000",
    "rp. 15.000.000",
    "rp.: 15.000.000",
    "rp : 15.000.000",
    "rp .15.000.000",
    "rp.\t:\t15.000.000",
    "rp  15.000.000",
    "rp   15.000.000",
    "rp\n5 juta",
    "rp\n\n5 juta",
    "rp \n5 juta",
    "rp.\n5 juta",
    "xrp 5 juta",
    "idr 5.000.000/bulan",
    "gaji IDR 5.000.000 / bulan",
    "$1,000",
    "gaji $1,000",
    "$ 1,000 per month",
    "us$1,000 a month",
    "gaji us$ 1.000",
    "s$ 2000 sebulan",
    "nt$ 30000",
    "hk$ 9000 per month",
    "ntd 30.000",
    "gaji usd 1.000-1.200",
    "gaji usd 1.000 - 1.200",
    "gaji usd 1.000 s/d 1.200",
    "gaji usd 1.000sd1.200",
    "gaji 1.000 sd 1.200 usd",
    "gaji 5 sampai 7 juta",
    "gaji 5 hingga rp 7 juta",
    "gaji 5 hingga rp. 7 juta",
    "gaji 5 - rp7 juta",
    "gaji 5-$7",
    "gaji 5 -$ 7",
    "gaji 5 to 7 million",
    "gaji 5~7 jt",
    "gaji 5 ~ 7 jt",
    "gaji 5 -  7 jt",
    "gaji 5  - 7 jt",
    "gaji 7-5 juta",
    "gaji 7 - rp juta",
    "gaji 7 - rp. juta",
    "RM 3000 sebulan",
    "rm3000/bulan",
    "gaji 3000 ringgit",
    "gaji 3000ringgit",
    "gaji 3000 ringgitan",
    "gaji 3000 ringgit2",
    "gaji 3000\tringgit",
    "gaji 3000  ringgit",
    "panjang 5 m",
    "gaji rp 5 m",
    "gaji 5 m usd",
    "gaji 5m",
    "gaji 5 million",
    "gaji 5 millions",
    "gaji 5 mio",
    "gaji 5 thousand dollar",
    "gaji 5 thousand dollars",
    "gaji 1500 riyal",
    "gaji 1.500,50 euro",
    "gaji 1.500,5 euro",
    "gaji 1.500,505 euro",
    "gaji 1,500.50 euro",
    "gaji 1500,50 euro",
    "gaji 1500.50 euro",
    "gaji 1500.5 euro",
    "gaji 1500.505 euro",
    "gaji 123456789.12 euro",
    "gaji 1234567890 euro",
    "gaji 1234567890 juta",
    "gaji 12345678901 juta",
    "gaji rp 1.000.000,5 juta",
    "gaji rp 1.000.0000 juta",
    "gaji rp 1.000.000.000.000.000.000 juta",
    "gaji rp 999.999.999.999.999.999.999.999 juta",
    "gaji 0812345678901 rupiah",
    "gaji 081234567 rupiah",
    "biaya 5 juta",
    "biaya admin rp 500.000 gaji 10 juta",
    "gaji 10 juta potong biaya rp 500.000",
    "transfer dp 2 juta",
    "dp2 juta",
    "uangnya 2 juta",
    "take home pay 5 juta",
    "take home 5 juta",
    "fee harian 200 ribu",
    "fee 200 ribu",
    "gaji 100 ribu per hari",
    "gaji 100rb/hari",
    "gaji 100rb/harian",
    "gaji 100rb/hariannya",
    "kerja 25 jam",
    "5 jt/minggu",
    "5 jt / minggu",
    "5 jt  /  minggu",
    "5 jt a month",
    "5 jt an hour",
    "5 jt anhour",
    "5 jt sehari",
    "5 jt perbulan",
    "5 jt/bln/bln",
    "5 jt/bulan/bulan",
    "5 jt/bulanan",
    "5 jt/tahun",
    "usd 60000/year",
    "usd 60000 per year",
    "usd 20/hr",
    "usd 20/hour",
    "usd 20/hours",
    "x5 juta",
    "+5 juta",
    "é5 juta",
    "\u06635 juta",
    "\u0e555 juta",
    "\uff15 juta",
    "\uff15\uff10 juta",
    "gaji \uff15\uff10 juta",
    "\u212a5 juta",
    "gaji rp\u00a05 juta",
    "gaji\trp\t5\tjuta",
    "gaji 5 jutaan",
    "gaji 5 juta.",
    "gaji 5 juta!",
    "gaji 5 JUTA",
    "GAJI RP 5 JUTA",
    "Gaji Rp 5 Juta",
    "gaji 15jt",
    "gaji 15jt/bln",
    "gaji 15JT",
    "gaji 15 Jt",
    "g a j i 15 jt",
    "gajiii 15 jt",
    "gj 15jt",
    "gaji 1,000,50 euro",  # grouped with commas, then decimals: 1000.50
    "gaji rp 1,000,50",
    "gaji 1.000,000,50 euro",
    "gaji 5 juta dan biaya 2 juta dan gaji 7 juta",
    "gaji 5 juta 🇰🇭 biaya 2 juta 🔥 gaji 7 juta",
    "🔥🔥 gaji rp 5.000.000 🔥🔥",
    "gaji \u200brp 5 juta",
    "gaji rp\u200b 5 juta",
    "g\u0301aji rp 5 juta",
    "ｇａｊｉ ｒｐ ５ ｊｕｔａ",
    "𝐠𝐚𝐣𝐢 𝐫𝐩 𝟓 𝐣𝐮𝐭𝐚",
    "gaji usd 1.000 biaya usd 200",
    "bonus 1 juta, insentif 500 ribu, komisi 2%",
    "pendapatan 2-3 jt per minggu, biaya pendaftaran 150rb",
    "gaji 1000 dolar 2000 dollar 3000 yen 4000 won 5000 baht",
    "jpy 200000 krw 3000000 sar 2000 aed 3000 thb 20000 eur 2000 gbp 2000",
    "mop 2000 rmb 3000 cny 4000 php 5000 kwd 600 qar 7000 twd 8000 hkd 9000",
    "dirham 1000 yuan 2000 peso 3000 dinar 4000 rupiah 5000",
    "1000 dirham 2000 yuan 3000 peso 4000 dinar 5000 rupiah",
    "1000 aed, 2000 sgd, 3000 ntd, 4000 twd, 5000 hkd, 6000 euro, 7000 eur",
    "rp 5 juta" + " " * 40 + "biaya",
    "biaya" + " " * 40 + "rp 5 juta",
    "biaya" + " " * 41 + "rp 5 juta",
    "gaji" + "x" * 37 + "rp 5 juta",
    "gaji" + "x" * 38 + "rp 5 juta",
    "biayagaji rp 5 juta",
    "gajibiaya rp 5 juta",
    "dibayar 5 juta",
    "bayar 5 juta",
    "pay 5 juta",
    "payment 5 juta",
    "wages 5 juta",
    "wage 5 juta",
    "honorarium 5 juta",
    "cicilan 5 juta",
    "gaji 5 juta " * 80,
    "rp 5 " * 100,
    "5 juta " * 3,
    "1.000." * 10_000,
    "1" * 50_000,
    "1.000 juta " * 5_000,
    "rp" * 50_000,
    "rp 1" + "." * 30_000,
    "$" * 20_000 + "5",
    "5" + " " * 20_000 + "juta",
]


@pytest.mark.parametrize("text", MONEY_CASES, ids=range(len(MONEY_CASES)))
def test_money_cases(text):
    check(text)


def test_money_finds_what_it_should():
    (_, (salaries, fees)) = check_money("gaji Rp 15.000.000/bulan, biaya admin rp 500.000")
    assert [s.amount_idr_month for s in salaries] == [15_000_000]
    assert [f.amount_idr_month for f in fees] == [500_000]
    (_, (salaries, _)) = check_money("ｇａｊｉ ＵＳＤ １,０００")
    assert salaries and salaries[0].currency == "USD"
    # Grouped with commas and then decimals reads as 1,000.50 (this used to raise ValueError).
    (_, (salaries, _)) = check_money("gaji rp 1,000,50")
    assert [(s.amount_idr_month, s.span.text) for s in salaries] == [(1000, "rp 1,000,50")]
    # Hundreds of digits are no amount anyone was offered (this used to raise OverflowError).
    assert check_money("gaji rp 1" + ".000" * 200 + " juta") == ("ok", ([], []))


def test_money_megabyte_inputs():
    for text in (
        "gaji rp 15.000.000 per bulan, biaya 2 juta. " * 25_000,
        "lorem ipsum 1234 dolor 5 m " * 40_000,
        "gaji rp 1" + ".000" * 250_000 + " juta",  # float -> inf; int(inf) raises
        "9" * 1_000_000,
        "1.000 - 2.000 " * 70_000,
    ):
        check(text)
        norm = normalize(text)
        started = time.perf_counter()
        outcome(cmoney.money, norm, RATES)
        outcome(cmoney.phones, text)
        assert time.perf_counter() - started < 3  # linear: milliseconds; quadratic: minutes


def test_money_rates_variants():
    text = "gaji rp 5 juta, usd 1.000/bulan, rm 3000 sebulan, 2000 yen, biaya 100 euro"
    variants = [
        {},
        {"IDR": 1.0},
        {"IDR": 1, "USD": 16000, "MYR": 3700},  # ints
        {"IDR": 0.0, "USD": 0, "MYR": -1.5},
        {"IDR": 0.5, "USD": 1e-320, "JPY": 1e308, "EUR": 17500.123},
        {"IDR": float("nan")},  # int(nan) raises
        {"IDR": float("inf")},  # int(inf) raises
        {"USD": 10**400},  # float * huge int raises
        {"IDR": True, "USD": False},  # bools: the Python code runs
        {"IDR": "1"},  # float * str raises
        dict(RATES, IDR=3.3),
    ]
    for rates in variants:
        check_money(text, rates)

    class Rates(dict):
        def get(self, key, default=None):
            return 2.0

    check_money(text, Rates())
    with pytest.raises(AttributeError):
        cmoney.money(normalize(text), None)


def test_money_plain_normalized_and_errors():
    text = "gaji Rp 15.000.000"
    norm = Normalized(text, text.lower(), frozenset())
    assert cmoney.money(norm, RATES) == entities.money(
        Normalized(text, text.lower(), frozenset()), RATES
    )
    with pytest.raises(TypeError):
        cmoney.money(norm)
    with pytest.raises(AttributeError):
        cmoney.money(object(), RATES)


def test_money_amounts_are_float_exact():
    for raw in ("1.5", "0.07", "9.99", "123456789.99", "1.000,01", "999.999,99", "0,1", "7,77"):
        for unit in ("", " juta", " ribu", " million", " thousand"):
            for cur in ("rp ", "usd ", "$", "jpy ", "krw "):
                got = check_money(f"gaji {cur}{raw}{unit}/hari")
                assert got[0] == "ok"


# ---------------------------------------------------------------------------------------------
# Phones by hand

PHONE_CASES = [
    "0812-3456-7890",
    "hub 0812-3456-7890",
    "+62 812 3456 7890",
    "+62-812-3456-7890",
    "+62 (812) 3456 7890",
    "6281234567890",
    "(0812) 3456 7890",
    "0812.3456.7890",
    "0812/3456/7890",
    "0812 3456 789",
    "0812 3456 78",
    "0812 345 67",
    "0812345",
    "081234567890123",
    "0812345678901234",
    "+855 12 345 678",
    "+855 96 123 4567",
    "+1 650 253 0000",
    "+44 20 7946 0958",
    "00 62 812 3456 7890",
    "0062 812 3456 7890",
    "+0062812345678",
    "+00855 12 345 678",
    "62 21 5555 1234",
    "021-555-1234",
    "(021) 555 1234",
    "0274 123 456",
    "0812 3456 7890 1234 5678 9012 3456",
    "x0812 3456 7890",
    "0812 3456 7890x",
    "0812 3456 7890 x",
    "+0812 3456 7890",
    "++0812 3456 7890",
    "rp 0812 3456 7890",
    "Rp. 0812 3456 7890",
    "RP\n0812 3456 7890",
    "rp\n\n0812 3456 7890",
    "rp.\n0812 3456 7890",
    "rp..0812 3456 7890",
    "rp  0812 3456 7890",
    "NT 0812 3456 7890",
    "nt$0812 3456 7890",
    "S$ 0812 3456 7890",
    "\u017f$ 0812 3456 7890",
    "\u0130dr 0812 3456 7890",
    "\u0131dr 0812 3456 7890",
    "\u0130DR 0812 3456 7890",
    "usd\u00a00812 3456 7890",
    "usd\u20280812 3456 7890",
    "usd\u30000812 3456 7890",
    "usd.\u30000812 3456 7890",
    "myr 0812 3456 7890",
    "sgd: 0812 3456 7890",
    "usd 1.000.000",
    "1.000.000",
    "12.345.678.901",
    "1,234,567,890",
    "123.456.789.012.345",
    "1234.567.890",
    "(((((((((((((((((((",
    "(0812 3456 7890",
    "((0812 3456 7890",
    "((((((((0812",
    "1" * 50,
    "0812-3456-789-0-1-2-3-4-5-6-7-8",
    "0812------------------------3456",
    "0812 - 3456 - 7890",
    "0812 -3456- 7890 -",
    "0812 3456 7890.",
    "0812 3456 7890)",
    "0812 3456 7890 (wa)",
    "\u0663\u0668\u0661\u0662 3456 7890",
    "\u06630812 3456 7890",
    "0812 3456 7890\u0663",
    "\u0e510812 3456 7890",
    "\uff10\uff18\uff11\uff12 3456 7890",
    "\uff100812 3456 7890",
    "é0812 3456 7890",
    "0812 3456 7890é",
    "\u212a0812 3456 7890",
    "🔥0812 3456 7890🔥",
    "📞0812-3456-7890",
    "wa.me/6281234567890",
    "wa.me/+6281234567890",
    "tel:+6281234567890",
    "0812\t3456\t7890",
    "0812\n3456\n7890",
    "0812\u00a03456\u00a07890",
    "08123456789 08123456789",
    "08123456789,08123456789",
    "0812 3456 7890 / 0813 2222 3333",
    "gaji Rp 15.000.000, hub 0812 3456 7890 atau wa.me/6285712345678",
    "0812 3456 7890 " * 60,
    "+62 812 3456 7890 " * 70_000,
    "0" * 1_000_000,
    "(" * 1_000_000,
    "1 " * 500_000,
    "08 " * 300_000,
]


@pytest.mark.parametrize("text", PHONE_CASES, ids=range(len(PHONE_CASES)))
def test_phone_cases(text):
    check_phones(text)


def test_phones_find_what_they_should():
    (_, found) = check_phones("hub 0812-3456-7890 atau +855 96 123 4567, Rp 15.000.000")
    assert [e for _, e in found] == ["+6281234567890", "+855961234567"]
    assert found[0][0] == Span(4, 18, "0812-3456-7890")
    (_, many) = check_phones("0812 3456 7890, " * 60)
    assert len(many) == entities.MAX_ENTITIES


def test_phones_errors():
    with pytest.raises(TypeError):
        cmoney.phones(None)
    with pytest.raises(TypeError):
        cmoney.phones()
    assert outcome(cmoney.phones, b"0812 3456 7890") == outcome(entities.phones, b"0812 3456 7890")


# ---------------------------------------------------------------------------------------------
# Property test: text made of what matters to these functions, mixed with any Unicode

_WORDS = [
    "rp", "Rp", "RP", "rp.", "idr", "usd", "us$", "$", "s$", "nt$", "hk$", "rm", "RM", "myr",
    "sgd", "ntd", "yen", "riyal", "euro", "ringgit", "dollar", "dolar", "juta", "jt", "ribu",
    "rb", "m", "million", "thousand", "bulan", "bln", "/bulan", "per", "se", "a", "an", "hari",
    "harian", "minggu", "jam", "hour", "hr", "tahun", "year", "month", "mo", "gaji", "biaya",
    "fee", "dp", "transfer", "bonus", "pay", "dibayar", "take home", "fee harian", "s/d", "sd",
    "sampai", "hingga", "to", "~", "-", "0812", "0813", "62", "+62", "+855", "00", "1.000",
    "15.000.000", ",50", ".5", "3456", "7890", "(021)", "wa", "hub",
]  # fmt: skip
_CHARS = list("0123456789 \t\n.,-/()+$:~") + [
    "\u212a", "\u017f", "\u0131", "\u0130", "\u00a0", "\u0663", "\u0e55", "\uff15", "é",
    "\u200b", "🔥", "🇰🇭", "\u3000", "\u2028", "K", "S", "I",
]  # fmt: skip
_piece = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_CHARS),
    st.sampled_from(_CHARS),
    st.text(max_size=3),
    st.integers(0, 10**12).map(str),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece, max_size=60).map("".join))
def test_property_same_as_python(text):
    check(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_property_any_text(text):
    check(text)


def test_float_parsing_is_bit_exact():
    # int(amount * 2**60) shows every bit of the float the amount was parsed to
    rates = {"USD": float(2**60)}
    texts = []
    for i in range(0, 300_000, 7):
        texts += [f"{i // 100}.{i % 100:02d}", f"{i // 10}.{i % 10}", f"{i // 10},{i % 10}"]
    text = " ".join(f"usd {t}" for t in texts)
    for start in range(0, len(text), 4000):  # MAX_ENTITIES amounts per call
        chunk = text[start : start + 4000]
        assert cmoney.money(normalize(chunk), rates) == entities.money(normalize(chunk), rates)


def test_import_refuses_a_changed_pattern():
    # the C code mirrors these exact patterns: a change must make the engine keep Python
    import subprocess
    import sys

    code = (
        "import re, sigap.screening.entities as e\n"
        "e._CURRENCY_AFTER = re.compile(e._CURRENCY_AFTER.pattern.replace('(?![a-z])', r'\\b'))\n"
        "try:\n"
        "    import sigap.screening._cmoney\n"
        "except ImportError as error:\n"
        "    print('refused', error)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("refused")
