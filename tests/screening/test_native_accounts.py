"""The C accelerator sigap.screening._caccounts gives exactly what entities.py gives.

Differential: every function of the module against its Python reference on the corpus, the
texts of the other test files, hand-written edge cases and random text."""

import ast
import gc
from pathlib import Path

import pytest

C = pytest.importorskip("sigap.screening._caccounts")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sigap.screening import entities as E  # noqa: E402
from sigap.screening.corpus import generate  # noqa: E402
from sigap.screening.normalize import normalize  # noqa: E402
from sigap.screening.rules import load  # noqa: E402

RULESET = load()
HERE = Path(__file__).parent
LINK_WORDS = frozenset({"me", "com", "ly", "id", "am"})


def _outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except Exception as exc:  # the C function must raise the same error as Python
        return ("error", type(exc))


def check(text: str) -> int:
    """Compare all five functions on one text; returns how many results were compared."""
    compared = 0
    n_py, n_c = normalize(text), normalize(text)
    for name in ("destinations", "ages", "licences", "companies"):
        args_py = (n_py, RULESET) if name == "destinations" else (n_py,)
        args_c = (n_c, RULESET) if name == "destinations" else (n_c,)
        py = _outcome(getattr(E, name), *args_py)
        c = _outcome(getattr(C, name), *args_c)
        assert c == py, (name, text[:300])
        compared += 1
    # spans cached by norm.span() are the same
    assert n_c._spans == n_py._spans
    for words in (n_py.words, LINK_WORDS, frozenset()):
        py = _outcome(E.accounts, text, words)
        c = _outcome(C.accounts, text, words)
        assert c == py, ("accounts", text[:300])
        compared += 1
    return compared


def test_module_mirrors_current_patterns():
    # False would mean entities.py changed and every call silently goes to Python
    assert C.is_native() is True


@pytest.mark.parametrize("seed", [2026, 11])
def test_corpus(seed):
    posts = generate(3000, seed=seed)
    assert sum(check(p["text"]) for p in posts) == 3000 * 7


def _string_constants(path: Path) -> list[str]:
    if not path.exists():
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value
    ]


@pytest.mark.parametrize("name", ["test_posts.py", "test_robustness.py", "test_entities.py"])
def test_texts_of_other_tests(name):
    texts = _string_constants(HERE / name)
    for t in texts:
        check(t)
        check(t * 3)


EDGE = [
    "",
    "@",
    "@@@",
    "/",
    "a@b",
    "a@b.c",
    "a@b.c@d.e",
    "hrd@maju.co.id",
    "HRD.Team+jobs@Maju-Jaya.co.id.xx.yy.zz",
    "x" * 70 + "@" + "d" * 63 + ".com",
    "x@" + "d" * 64 + ".com",
    "x@d." + "e" * 70,
    "mail:\nhrd@maju.co.id",
    "hrd\n@maju.co.id",
    "\n@maju.co.id",
    "a.b.c.d.e.f@a.b.c.d.e.f.g",
    "Telegram: @kerja_asik, IG @loker.ln, t.me/rekrut_kh, tiktok.com/@lokerviral",
    "fb.com/loker.asia, email hrd@maju.co.id, @hrd",
    "telegram @abc",
    "telegram\t\t @abc",
    "telegram" + " " * 12 + "@abc",
    "telegram" + " " * 13 + "@abc",
    "telegram" + " " * 12 + "\n@abc",
    "telegram" + " " * 11 + "\n@abc",
    "TELEGRAM @abc",
    "Insta: @abc...",
    "instagram- @abc",
    "insta_ @abc",
    "teleg @abc",
    "tg@abc",
    "ig:@abc",
    "fb/@abc",
    "x/@abc",
    "é@abc",
    "٣@abc",
    "@ab",
    "@...",
    "@.a.",
    "@" + "a" * 40,
    "tiktok \u212a @abc",
    "ti\u212atok @abc",
    "in\u017fta @abc",
    "\u0130g @abc",
    "\u0131g @abc",
    "ınstagram @abc",
    "LINE 🙏 @abc",
    "line😀@abc",
    "🔥 instagram 🔥 @abc",
    "WA.ME/628123456789",
    "https://wa.me/628123",
    "HTTPS://WWW.FACEBOOK.COM/groups/loker",
    "http://m.facebook.com/x",
    "https:/t.me/x",
    "www.t.me/x",
    "m.t.me/x",
    "t.me/",
    "t.me/.",
    "t.me/abc.,)",
    "t.me/abc...",
    "t.me/ab),cd",
    "t.me/loker_ñandú/ثبت",
    "t.me/" + "a" * 150,
    "bit.ly/abc s.id/xyz line.me/ti/p/abc",
    "chat.whatsapp.com/AbCdEf api.whatsapp.com/send?phone=62812&text=hi%20x+y",
    "instagr.am/x telegram.me/y fb.me/z",
    "\u212a.me/x",  # not a domain
    "t.\u212ae/x",
    "ſ.id/abc",
    "İnstagram.com/abc",
    "ınstagram.com/abc",
    "👉t.me/abc👈",
    "t.me/abc @def",
    "t.me/@abc",
    "hubungi t.me/abc atau @abc atau abc@gmail.com",
    "wa.me/" * 60,
    "t.me/a " * 60 + "@abc",
    "@abc " * 70,
    "a@b.co " * 70 + "@abc",
    # places
    "kerja di kamboja",
    "Kerja di KAMBOJA dan Arab Saudi, juga saudi arabia",
    "arab saudi",
    "saudiarabia",
    "hongkong hong kong hong  kong",
    "kota kinabalu kota malang kota medan kotakinabalu",
    "o'smach o'smachx osmach",
    "kk park, kkpark",
    "johor bahru johor",
    "chiang mai chiang rai",
    "ke kamboja2 kamboja_ kamboja.",
    "ke kambojaé kamboja٣",
    "ékamboja",
    "\x00kamboja",
    "kamboja " * 60,
    "malaysia " * 30 + "thailand " * 30,
    "K-a-m-b-o-j-a",
    "KAMBOJA🇰🇭",
    "🇰🇭🇲🇲🇹🇭",
    "Ｋａｍｂｏｊａ fullwidth",
    "𝐊𝐚𝐦𝐛𝐨𝐣𝐚 bold",
    "kambo\u0301ja",
    "kamboja\u00a0laos\tthailand\nmyanmar",
    "pnompenh phnompenh",
    "thai malay burma japan",
    # ages
    "usia 18-35 tahun",
    "usia18",
    "Usia: 18 s/d 35 th",
    "umur min. 21 tahun",
    "umur maksimal 45",
    "age 20 to 30",
    "aged 25-40",
    "age: 9",
    "usia 71",
    "usia 30-81",
    "usia 30-20",
    "usia 123",
    "usia ٣٠",
    "usia 25 tahun sampai 35",
    "usia 25 dan 35",
    "agen usia 20",
    "20yo 25 yo 18-25 y.o 30 years old",
    "ayo daftar 20yo",
    "yogyakarta 20 yogi",
    "18 - 25yo",
    "20yoga",
    "usia 20 " * 60,
    "20yo " * 60,
    "usia 20, 25yo",
    "usia 1" * 1000,
    # licences
    "SIP3MI No. 123/2024",
    "sip3mi: abc/def",
    "nomor izin 12-34.56",
    "no izin abcd9",
    "no. izin: 1234",
    "izin no. 5678/ab",
    "noizin 1234",
    "siup3mi 99999 sippmi 88888 siuppmi 77777 sip2mi 66666",
    "izin " * 100,
    "sip3mi 1234 " * 60,
    "İzin no 1234",
    # companies
    "PT Maju Jaya",
    "PT. Maju Jaya Sejahtera Abadi Makmur",
    "P.T. Maju Jaya",
    "pt maju jaya",
    "PT MAJU JAYA membuka lowongan",
    "Lowongan di PT Maju dan Jaya",
    "PT Maju & Jaya",
    "PT Maju, Jaya",
    "CV. Sinar Harapan via WA",
    "UD Berkah, LPK Sakura, Yayasan Peduli Kasih, Koperasi Sejahtera",
    "C.V. Abadi",
    "PT  \t Maju",
    "PT Maju Jaya. Hubungi kami",
    "PT Maju jaya",
    "PT maju Jaya",
    "PT Máju Jaya",
    "PT Kantor Kami",
    "PT \u212aami",
    "P\u0130 Abc",
    "PT Ａｂｃ",
    "🔥PT Maju Jaya🔥",
    "ptmaju PT",
    "PT " * 100 + "Maju",
    "PT Maju " * 60,
    "Maju Jaya Sdn Bhd",
    "ABC Co., Ltd and XYZ Pte Ltd, loker di Limited Inc",
    "PT Maju Jaya dan Global Company",
    "Yayasan Ltd",
    "pt.abc",
    "PT...",
    "PT Abc'd-Ef&G",
    "PT _abc",
    # mixed
    "Lowongan di PT Maju ke Kamboja usia 18-35, IG @loker.kh, t.me/loker_kh, hrd@maju.co.id",
    "PT Maju 🇰🇭 usia 20yo @abc",
    "a" * 50_000,
    "g a " * 20_000,
    "-" * 50_000,
    "1" * 50_000,
    "@" * 20_000,
    "wa.me/" * 5_000,
    "PT " * 10_000,
    "usia 1" * 10_000,
    "\u200b" * 50_000,
    "🇰" * 30_000,
    ("Dibutuhkan admin ke Kamboja PT Maju, usia 20, @abc t.me/x a@b.cd " * 20_000)[:1_000_000],
    "kamboja" + "é" * 100 + " @abc",
    # company suffixes (handled in C since the suffix loop left Python)
    "Abc Ltd Def Inc",
    "PT Maju Jaya Sdn Bhd",
    "Kami PT Abc Co.,Ltd.",
    "we are ABC Company",
    "we are hiring at Global Maju Sejahtera Abadi Makmur Ltd",
    "Maju\u212aami Ltd",
    "\u212aami Ltd",
    "\u212aAMI Maju Ltd",
    "KAMI Maju Ltd",
    "abc_ Ltd",
    "_abc Ltd",
    "a-b c&d e'f Ltd",
    "&abc Ltd",
    "é Ltd",
    "x Ltdx",
    "x Ltd_",
    "x Ltd.",
    "x ltd.,",
    "x LTD",
    "x L\u0130MITED",
    "x \u0131nc",
    "x \u0130NC",
    "x Sdn.Bhd",
    "x Sdn Bhd",
    "x Sdn.\tBhd",
    "x Sdn  Bhd",
    "x Co., Ltd",
    "x Co.,Ltd",
    "x Co Ltd",
    "x Co. , Ltd",
    "x Pte. Ltd",
    "x Pte.Ltd.",
    "a b c d e f g h Ltd",
    "a\tb  c   d    e Ltd",
    "1 2 3 4 5 Ltd",
    "٣ Ltd",
    "๓๔ Ltd",
    "Ａｂｃ Ltd",
    "dan Ltd",
    "ABC dan XYZ Ltd",
    "di ABC Ltd",
    "Di Abc Ltd",
    "ABC Ltd Inc",
    "ABC Company Limited",
    "ABC Inc Ltd LLC Company",
    "(ABC Ltd)",
    "ABC\nLtd",
    "ABC\u00a0Ltd",
    "ABC \u2003Ltd",
    "ABC.Ltd",
    "ABC Ltd. DEF Ltd. GHI Ltd.",
    "Ltd",
    " Ltd",
    "Ltd Ltd",
    "a Ltd " * 100,
    "Ltd " * 1000,
    "x" * 100_000 + " Ltd",
    "Ltd" * 30_000,
    "a " * 50_000 + "Ltd",
    ("word " * 7 + "Ltd ") * 2_000,
    "İnc Ltd ınc Company",
    "PT Maju Ltd",
    "Yayasan Peduli Sdn Bhd",
    "Lowongan PT Maju Jaya dan Global Company, hubungi ABC Ltd",
    # company prefixes: the check before _COMPANY_PREFIX.match
    "PT.Maju",
    "PT .Maju",
    "PT. Maju",
    "PT.. Maju",
    "P.T Maju",
    "P.T. Maju",
    "P.T.Maju",
    "PT\tMaju",
    "PT _Maju",
    "PT  -Maju",
    "PT é",
    "PT \u212a",
    "PT ٣",
    "ＰＴ Maju",
    "\u212aoperasi Maju",
    "Koperaſi Maju",
    "LPK\u212a Maju",
    "lpk sakura",
    "cv.abadi",
    "C.V Abadi",
    "PT",
    "PT ",
    "PT\n Maju",
    # links: the lookahead check
    "abct.me/x",
    "x" * 40 + "https://t.me/x",
    "a:b/c t.me/x",
    "https://www.instagram.com/abc",
    "lihat instagram.com/abc/def?x=1",
    "t.me /x",
    "ht tps://t.me/x",
    "s/t.me/x",
    "\u017f.id/x",
    "t/me/x ab/t.me/y",
    "a" * 28 + "/ " + "b" * 29 + "/ " + "c" * 30 + "/",
    "fb.com" + "." * 40 + "/x",
    "https://" + "a." * 20 + "t.me/x",
    # 1-byte (Latin-1) and 2-byte texts for the age and licence scans
    "usia é 20 tahun",
    "Usia 25-30 ÿ",
    "umur\u00a0 21",
    "usia",
    "age",
    "aged",
    "usiá 20",
    "age\u2003 20",
    "é 20yo",
    "\u0100 20 years old",
    "20y",
    "izin",
    "izi",
    "si",
    "sip3m",
    "é izin 1234",
    "\u0100 sip3mi 12345",
    "siuppmi" + "é" * 3 + " 12345",
]


@pytest.mark.parametrize("text", EDGE)
def test_edge_cases(text):
    assert check(text) == 7


def test_edge_cases_in_context():
    for t in EDGE[:-3]:
        t = t[:2000]
        for wrapped in (f"x {t} x", f"é{t}é", f"\n{t}\n", f"🔥{t}🔥", t.upper(), f"a{t}"):
            check(wrapped)


def test_results_have_the_reference_types():
    text = "PT Maju Jaya ke Kamboja usia 20-30, IG @loker, t.me/x, a@b.cd, sip3mi 1234/5"
    n = normalize(text)
    for span, *_rest in C.destinations(n, RULESET) + C.ages(n) + C.companies(n):
        assert type(span) is type(E.Span(0, 0, ""))
    found, emails = C.accounts(text, n.words)
    assert found and emails
    assert all(type(s) is E.Span for s in emails)
    assert C.Places(RULESET).find(n) == E.destinations(normalize(text), RULESET)


def test_unexpected_arguments_behave_like_python():
    n = normalize("PT Maju ke Kamboja, @abc")
    assert C.accounts("t.me/abc @abc", {"me"}) == E.accounts("t.me/abc @abc", {"me"})
    assert C.accounts("t.me/abc @abc", ["me"]) == E.accounts("t.me/abc @abc", ["me"])
    for fn in ("ages", "licences", "companies"):
        with pytest.raises(AttributeError):
            getattr(C, fn)("not a Normalized")
    with pytest.raises(TypeError):
        C.accounts(None, frozenset())
    assert C.destinations(n, RULESET) == E.destinations(n, RULESET)


def test_companies_with_words_that_do_not_come_from_the_text():
    # the suffix loop runs when a suffix word is in norm.words, whatever the text says
    from sigap.screening.normalize import Normalized

    texts = ["Maju Jaya Ltd", "Abc Company", "ABC Co.,Ltd", "PT Maju Ltd", "no suffix here", ""]
    for text in texts:
        for words in (frozenset({"ltd"}), frozenset({"pt", "company"}), frozenset()):
            n_py = Normalized(text, text.lower(), words)
            n_c = Normalized(text, text.lower(), words)
            assert C.companies(n_c) == E.companies(n_py), (text, words)


def test_company_suffix_results_are_found():
    # the hand-made loop must find what finditer finds (not only agree on empty lists)
    n = normalize("Kerja di ABC Maju Sdn Bhd dan XYZ Co., Ltd. atau kami Global Company")
    found = C.companies(n)
    assert found == E.companies(normalize(n.original))
    assert [name for _, name in found] == ["ABC Maju Sdn Bhd", "XYZ Co., Ltd", "Global Company"]


def test_no_leak():
    import resource

    texts = [p["text"] for p in generate(200, seed=5)] + EDGE[:120]
    norms = [normalize(t) for t in texts]

    def run(rounds):
        for _ in range(rounds):
            for t, n in zip(texts, norms):
                n._spans.clear()
                _outcome(C.accounts, t, n.words)  # some raise KeyError, as Python does
                C.destinations(n, RULESET)
                C.ages(n)
                C.licences(n)
                C.companies(n)

    run(20)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run(200)
    gc.collect()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert after - before < 4_000  # kB


# text weighted towards what these functions look for, mixed with any Unicode
PIECES = [
    "@",
    "/",
    ".",
    ",",
    ")",
    "-",
    "_",
    " ",
    "\t",
    "\n",
    "\u00a0",
    "é",
    "\u212a",
    "\u017f",
    "\u0130",
    "\u0131",
    "٣",
    "๓",
    "Ａ",
    "🔥",
    "🇰🇭",
    "1",
    "20",
    "99",
    "telegram",
    "tg",
    "ig",
    "insta",
    "Insta",
    "instagram",
    "fb",
    "tiktok",
    "tt",
    "line",
    "t.me",
    "wa.me",
    "fb.com",
    "https://",
    "http://",
    "www.",
    "m.",
    "bit.ly",
    "s.id",
    "instagr.am",
    "chat.whatsapp.com",
    "gmail.com",
    ".co.id",
    "hrd",
    "kamboja",
    "arab",
    "saudi",
    "hong",
    "kong",
    "kota",
    "kinabalu",
    "o'smach",
    "kk park",
    "johor",
    "bahru",
    "korea",
    "selatan",
    "usia",
    "umur",
    "age",
    "aged",
    "yo",
    "y.o",
    "years old",
    "tahun",
    "s/d",
    "sampai",
    "min",
    "maks",
    "sip3mi",
    "izin",
    "no.",
    "nomor",
    "PT",
    "P.T.",
    "pt",
    "CV",
    "UD",
    "LPK",
    "Yayasan",
    "Koperasi",
    "Maju",
    "jaya",
    "Jaya",
    "&",
    "dan",
    "kami",
    "Ltd",
    "Sdn Bhd",
    "Inc",
    "Company",
    "loker",
    "tidak",
    "gj",
    "15jt",
    "Ltd",
    "ltd",
    "Sdn",
    "Bhd",
    "Co.,",
    "Co",
    "Pte",
    "Limited",
    "LLC",
    "Inc",
    "kami",
    "KAMI",
    "İNC",
    "ınc",
    "https://www.",
    "instagram.com/",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(TEXT)
def test_random_text(text):
    assert check(text) == 7
