"""The C matcher (sigap.screening._cmatch) gives exactly what Ruleset.match gives.

Every comparison is on ``list(d.items())``: same flags, same key order, same span lists. Each
text runs through a Matcher with its pre-tests (``exact_calls=False``, what the engine uses) and
one that calls the expressions exactly where the Python code does (``exact_calls=True``).
"""

import ast
import copy
import pathlib
import tomllib

import pytest

cmatch = pytest.importorskip("sigap.screening._cmatch")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sigap.screening import corpus, rules  # noqa: E402
from sigap.screening.normalize import normalize  # noqa: E402

HERE = pathlib.Path(__file__).parent


@pytest.fixture(scope="module")
def ruleset():
    return rules.load()


@pytest.fixture(scope="module")
def matchers(ruleset):
    fast = cmatch.Matcher(ruleset)
    exact = cmatch.Matcher(ruleset, exact_calls=True)
    assert fast.native and exact.native  # the C path, not the fallback
    return fast, exact


def check(ruleset, matchers, text):
    norm = normalize(text)
    expected = list(ruleset.match(norm).items())
    for m in matchers:
        assert list(m.match(norm).items()) == expected, text[:300]
    return expected


def check_all(ruleset, matchers, texts):
    fired = 0
    for text in texts:
        fired += bool(check(ruleset, matchers, text))
    return fired


# -- corpus and the other test files' texts ------------------------------------------------


@pytest.mark.parametrize("seed", [2026, 11])
def test_corpus(ruleset, matchers, seed):
    texts = [p["text"] for p in corpus.generate(3000, seed=seed)]
    assert check_all(ruleset, matchers, texts) > 2000  # most posts fire something


def test_posts_table(ruleset, matchers):
    posts = pytest.importorskip("tests.screening.test_posts")
    assert check_all(ruleset, matchers, [p[0] for p in posts.POSTS]) > 10


def _strings_in(path: pathlib.Path) -> list[str]:
    """Every string constant in a test file, and every constant expression ("a" * 5 + "b")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.BinOp) and all(
            isinstance(n, (ast.Constant, ast.BinOp, ast.operator)) for n in ast.walk(node)
        ):
            try:
                value = eval(compile(ast.Expression(node), "<const>", "eval"), {"__builtins__": {}})
            except Exception:
                continue
            if isinstance(value, str) and len(value) <= 2_000_000:
                found.append(value)
    return found


@pytest.mark.parametrize(
    "name",
    [
        "test_robustness.py",
        "test_entities.py",
        "test_posts.py",
        "test_normalize.py",
        "test_fast_paths.py",
        "test_lazy_paths.py",
    ],
)
def test_texts_of_other_test_files(ruleset, matchers, name):
    path = HERE / name
    if not path.exists():
        pytest.skip(f"{name} not here")
    texts = _strings_in(path)
    assert texts
    check_all(ruleset, matchers, texts)


# -- hand-written edge cases ----------------------------------------------------------------

KELVIN = "\u212a"
LONG_S = "\u017f"
NBSP = "\u00a0"
THAI_5 = "\u0e55"
FULL_A = "\uff41"

EDGES = [
    "",
    " ",
    "gaji",
    "tanpa",
    "tanpa pengalaman",
    "tanpa_pengalaman",
    "abc_tanpa pengalaman",
    "étanpa pengalaman",  # a letter before the trigger: not a whole word
    "tanpaé pengalaman",
    "tanpa pengalamané",
    "tanpa€ pengalaman",  # not alnum, yet "tanpa€" is one word for words_of()
    "x tanpa€ pengalaman tanpa pengalaman",
    "€tanpa pengalaman",
    "Tanpa Pengalaman",
    "TANPA PENGALAMAN",
    f"{THAI_5}tanpa pengalaman",
    f"tanpa{THAI_5} pengalaman",
    "²tanpa pengalaman",
    "tanpa² pengalaman",
    f"{FULL_A}tanpa pengalaman",
    f"tanpa{NBSP}pengalaman",
    "tanpa\tpengalaman",
    "tanpa\npengalaman",
    "tanpa\r\npengalaman",
    "tanpa\x1cpengalaman",
    "tanpa\x00pengalaman",
    "tanpa\u2028pengalaman",
    "tanpa\u3000pengalaman",
    "tanpa\u200bpengalaman",
    "tanpa\u0301 pengalaman",  # combining mark after the trigger
    "tanpa  -- __ pengalaman",
    "tanpa-----pengalaman",
    "tanpa_______pengalaman",
    f"visa {KELVIN}erja",
    f"visa turi{LONG_S}",
    "visa turis",
    "tidak pakai visa turis",
    "bukan visa turis",
    "tidak\nvisa turis",
    "tidak, visa turis",
    "tidak ada visa turis",
    "tidak ada lagi visa turis",
    "tidak ada lagi pakai visa turis",
    "xtidak visa turis",
    "tidakvisa turis",
    "jangan berangkat pakai visa turis",
    "tiket pesawat ditanggung",
    "tiket pesawat tidak ditanggung",
    "biaya admin 5 juta",
    "biaya admin 5 juta ditanggung",
    "biaya admin 5 juta ditanggung perusahaan",
    "biaya admin 5 juta gratis",
    "biaya admin 5 juta " + "x" * 30 + " gratis",
    "biaya admin 5 juta " + "x" * 40 + " gratis",
    "potong gaji untuk biaya tiket",
    "potong gaji untuk biaya tiket, biaya admin 2 juta",
    "gaji 15jt/bln kerja di kamboja",
    "dibthkn admin, gj 12-18jt, brgkt pakai visa turis, japri",
    "DIBUTUHKAN SEGERA admin customer service di Kamboja, gaji 15jt/bln",
    "hub wa 0812-3456-7890",
    "wa.me/6281234567890",
    "w a 0812",
    "gajiii besarrr",
    "g a j i 15 jt",
    "kerja kerja kerja kerja",
    "berangkat minggu ini",
    "berangkat minggu ini!!",
    "berangkat\tminggu\tini",
    "pekerja di bawah umur 17 tahun",
    "usia 16 tahun boleh",
    "paspor ditahan perusahaan",
    "paspor tidak ditahan",
    "tanpa biaya",
    "tanpa biaya apapun",
    "bebas biaya penempatan",
    "kontrak kerja jelas",
    "tanpa kontrak kerja",
    "tidak dipungut biaya penempatan, visa kerja",
    "🇰🇭 admin gaji $1000",
    "✈️ berangkat besok",
    "💰💰💰 gaji besar",
    "gaji\u00a0besar",
    "ｇａｊｉ ｂｅｓａｒ",
    "𝐠𝐚𝐣𝐢 𝐛𝐞𝐬𝐚𝐫",
    "ĝaji",
    "İstanbul gaji",
    "ǅ gaji",
    "gaji" * 1000,
    "gaji " * 1000,
    "tanpa " * 300 + "pengalaman",
    "tanpa pengalaman " * 300,
    "visa turis " * 500,
    "tidak visa turis " * 300,
    ("a" * 39 + " ") * 100 + "visa turis",
    "x" * 100_000 + " visa turis",
    "visa turis " + "x" * 100_000,
]


@pytest.mark.parametrize("text", EDGES)
def test_edges(ruleset, matchers, text):
    check(ruleset, matchers, text)


def test_edges_fire(ruleset, matchers):
    assert check_all(ruleset, matchers, EDGES) > 40


def test_word_delimiters(ruleset, matchers):
    """Every character 0..0x3000 (and a sample above) right before and after trigger words."""
    chars = [chr(c) for c in range(0x3000) if not 0xD800 <= c <= 0xDFFF]
    chars += [chr(c) for c in range(0x3000, 0x110000, 97) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(chars), 40):
        chunk = chars[i : i + 40]
        text = " ".join(f"{c}tanpa pengalaman{c} visa turis{c}" for c in chunk)
        check(ruleset, matchers, text)
        text = "".join(f"{c}gaji{c}tanpa{c}biaya{c}" for c in chunk)
        check(ruleset, matchers, text)


@pytest.mark.parametrize(
    "unit",
    [
        "gaji 15jt tanpa biaya visa turis kirim data wa 0812 ",
        "tidak visa turis tanpa pengalaman ",
        "é gaji€ tanpa_pengalaman ",
        "biaya admin 5 juta gratis ",
        "wa ",
        "a",
        "tanpa ",
    ],
)
def test_one_megabyte(ruleset, matchers, unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    check(ruleset, matchers, text)


# -- other rulesets: searched flags, always-run flags, yields, negator shapes, fallback -------


def _flag(fid, patterns, **extra):
    return {
        "id": fid,
        "strength": "weak",
        "title_id": fid,
        "title_en": fid,
        "explanation_id": fid,
        "explanation_en": fid,
        "patterns": patterns,
        **extra,
    }


@pytest.fixture(scope="module")
def base_data():
    with open(rules.DEFAULT_RULESET, "rb") as fh:
        return tomllib.load(fh)


EXTRA_FLAGS = [
    # not anchored: found by a search when "besar" / "tinggi" is a word of the post
    _flag("x_search", ["gaji* ~2 besar|tinggi"], negators=["tidak"], negators_after=["palsu"]),
    # no trigger at all: runs on every post
    _flag("x_always", ["kerja*"]),
    _flag("x_always_neg", ["visa*"], negators=["no.", "c++"], negators_after=["a|b", "x)"]),
    _flag("x_single", ["lowongan"], negators=["x"], negators_after=["y"]),
    _flag("x_empty_neg", ["kamboja*", "kerja"], negators=["", "x"], negators_after=[""]),
    # yields to each other, to itself and to unknown ids
    _flag("x_y1", ["gaji"], yield_to=["x_y2"]),
    _flag("x_y2", ["gaji ~1 besar|tinggi|15"], yield_to=["x_y1", "nope"]),
    _flag("x_self", ["tanpa ~2 pengalaman|biaya"], yield_to=["x_self"]),
    # a first word after punctuation: its trigger is "100", where the phrase cannot match
    _flag("x_dollar", ["$100 gaji|bonus", "usd ~1 100"], negators=["bukan"]),
    _flag("x_parts", ["semua_biaya|biaya_admin [gratis|free] ~1 ditanggung"]),
    _flag("x_optional", ["wa [me|saja]"], negators_after=["resmi", "kantor"]),
]


@pytest.fixture(scope="module")
def custom(base_data):
    data = copy.deepcopy(base_data)
    data["flag"] = data["flag"] + copy.deepcopy(EXTRA_FLAGS)
    data["flag"][12]["yield_to"] = ["jeratan_utang", "x_y1"]
    rs = rules.build(data)
    assert rs.trigger_words and rs.always_run and len(rs.yielding) >= 4
    fast, exact = cmatch.Matcher(rs), cmatch.Matcher(rs, exact_calls=True)
    assert fast.native and exact.native
    return rs, (fast, exact)


CUSTOM_TEXTS = [
    "gaji besar",
    "gajinya sangat besar",
    "gaji tidak besar",
    "tidak gaji besar",
    "gaji besar palsu",
    "gaji besar, palsu",
    "égaji besar",
    "abc_gaji besar",
    "gaji besar " * 50,
    "kerja kerja kerja",
    "pekerja bekerja",
    "visa visa",
    "no. visa",
    "no.visa",
    "c++ visa",
    "visa a|b",
    "visa x)",
    "visa tidak a|b",
    "visa 1 2 x)",
    "visa 1 2 3 x)",
    "kamboja",
    "kambojax",
    "gaji 15 tanpa pengalaman",
    "gaji tinggi dan gaji",
    "$100 gaji",
    "usd 100 bonus",
    "bukan usd 100",
    "semua biaya gratis ditanggung",
    "biaya admin free xx ditanggung",
    "semua_biaya ditanggung",
    "wa me",
    "wa saja resmi",
    "wa kantor",
    "tanpa pengalaman tanpa biaya",
]


def test_custom_ruleset(custom):
    rs, ms = custom
    texts = CUSTOM_TEXTS + EDGES + [p["text"] for p in corpus.generate(1500, seed=5)]
    assert check_all(rs, ms, texts) > 1000


def test_custom_many_yields(custom):
    rs, ms = custom
    # x_y1, x_y2 and biaya_dimuka fire together: the Python _yield runs in set order
    expected = check(rs, ms, "gaji 15 juta, biaya admin 2 juta, gaji besar, gaji")
    assert expected


def test_custom_limits(custom):
    rs, ms = custom
    check(rs, ms, "gaji besar " * 5000)
    check(rs, ms, "kerja " * 5000)
    check(rs, ms, "x" * 50_000 + " gaji besar")


def test_negator_windows(custom, ruleset, matchers):
    """Negators just inside and just outside the 40 characters before / after a match."""
    rs, ms = custom
    for k in range(30, 46):
        for text in (
            "x" + " " * k + "lowongan",
            "lowongan" + " " * k + "y",
            "lowongan " + "a" * (k - 20) + " " + "b" * 15 + " y",
            "x " + "a" * (k - 20) + " " + "b" * 15 + " lowongan",
        ):
            check(rs, ms, text)
        for text in (
            "tidak" + " " * k + "visa turis",
            "tidak " + "a" * (k - 20) + " " + "b" * 15 + " visa turis",
            "biaya admin 5 juta" + " " * k + "gratis",
            "biaya admin 5 juta " + "a" * (k - 20) + " " + "b" * 12 + " gratis",
            "biaya admin 5 juta " + "a" * (k - 20) + " " + "b" * 12 + " dibayar perusahaan",
        ):
            check(ruleset, matchers, text)


def test_fallback_when_ids_repeat(base_data):
    data = copy.deepcopy(base_data)
    data["flag"] = data["flag"] + [_flag("gaji_tidak_wajar", ["gaji"])]
    rs = rules.build(data)
    m = cmatch.Matcher(rs)
    assert not m.native
    check(rs, (m,), "gaji 15jt di kamboja tanpa pengalaman")


def test_ruleset_with_no_patterns(base_data):
    data = copy.deepcopy(base_data)
    data["flag"] = [f for f in data["flag"] if not f.get("patterns")]
    rs = rules.build(data)
    ms = (cmatch.Matcher(rs), cmatch.Matcher(rs, exact_calls=True))
    assert all(m.native for m in ms)
    assert check(rs, ms, "gaji 15jt di kamboja tanpa pengalaman") == []


# -- errors ------------------------------------------------------------------------------------


def test_errors(ruleset, matchers):
    fast, _ = matchers

    class NoText:
        words = frozenset()

    class BadText:
        @property
        def text(self):
            raise KeyError("boom")

        words = frozenset()

    with pytest.raises(AttributeError):
        fast.match(NoText())
    with pytest.raises(KeyError):
        fast.match(BadText())
    with pytest.raises(TypeError):
        cmatch.Matcher()
    with pytest.raises(AttributeError):
        cmatch.Matcher(object())


def test_not_a_str_goes_to_python(ruleset, matchers):
    """A text that is not exactly a str is handed to ruleset.match: same answer, same errors."""
    fast, _ = matchers

    class S(str):
        pass

    norm = normalize("gaji 15jt tanpa pengalaman di kamboja")
    odd = type(norm)(norm.original, S(norm.text), norm.words)
    assert list(fast.match(odd).items()) == list(ruleset.match(odd).items())
    broken = type(norm)(norm.original, None, norm.words)
    with pytest.raises(TypeError):
        ruleset.match(broken)
    with pytest.raises(TypeError):
        fast.match(broken)


# -- property test -----------------------------------------------------------------------------


def _vocabulary(rs) -> list[str]:
    words = set(rs.anchored_words)
    for entries in rs.at_trigger.values():
        for _, _, needs in entries:
            words |= needs or set()
    for compiled in rs.flags:
        words |= compiled.neg_words or set()
    return sorted(words)


SPECIAL = [
    " ",
    " ",
    " ",
    "\n",
    "\t",
    ",",
    ".",
    "-",
    "_",
    "/",
    "!",
    "$",
    "'",
    "+",
    "&",
    "@",
    ":",
    NBSP,
    KELVIN,
    LONG_S,
    THAI_5,
    FULL_A,
    "é",
    "É",
    "\u0301",
    "\u200b",
    "€",
    "²",
    "🇰🇭",
    "💰",
    "✈",
    "İ",
    "ß",
    "ǅ",
    "\x1c",
    "\x00",
    "\u3000",
    "A",
    "Z",
    "1",
    "5",
    "jt",
    "rb",
]


@st.composite
def posts(draw, vocabulary):
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(vocabulary),
                st.sampled_from(vocabulary),
                st.sampled_from(SPECIAL),
                st.text(max_size=3),
            ),
            max_size=60,
        )
    )
    return "".join(parts)


_RS = rules.load()
_VOCAB = _vocabulary(_RS)
_MS = (cmatch.Matcher(_RS), cmatch.Matcher(_RS, exact_calls=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts(_VOCAB))
def test_property(text):
    check(_RS, _MS, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_property_custom(custom, data):
    rs, ms = custom
    text = data.draw(posts(_vocabulary(rs) + ["besar", "tinggi", "kerja", "100", "$", "usd"]))
    check(rs, ms, text)
