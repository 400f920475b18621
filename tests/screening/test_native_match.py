"""The C matcher (sigap.screening._cmatch) gives exactly what Ruleset.match gives.

Every comparison is on ``list(d.items())``: same flags, same key order, same span lists. Each
text runs through a Matcher with its pre-tests (``exact_calls=False``, what the engine uses), one
that calls the expressions exactly where the Python code does (``exact_calls=True``), both
matching the phrase and negator expressions natively, and one that calls the ``re.Pattern``
objects (``python_re=True``).

The native expression matcher is also compared with ``re`` one expression at a time
(``_cmatch.Pattern``): match / search spans on many (text, pos, endpos) pairs.
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


def _three(rs):
    """The native matcher (with and without pre-tests) and the one calling re."""
    ms = (
        cmatch.Matcher(rs),
        cmatch.Matcher(rs, exact_calls=True),
        cmatch.Matcher(rs, exact_calls=True, python_re=True),
    )
    assert all(m.native for m in ms)  # the C path, not the fallback
    n_native, n_all = ms[0].expressions
    assert n_all > 0 and n_native == n_all  # every expression is matched natively
    assert ms[2].expressions == (0, n_all)
    return ms


@pytest.fixture(scope="module")
def matchers(ruleset):
    return _three(ruleset)


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
    return rs, _three(rs)


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
    assert all(m.native for m in ms) and ms[0].expressions == (0, 0)
    assert check(rs, ms, "gaji 15jt di kamboja tanpa pengalaman") == []


# -- errors ------------------------------------------------------------------------------------


def test_errors(ruleset, matchers):
    fast = matchers[0]

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
    fast = matchers[0]

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
_MS = _three(_RS)


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


# -- the native expression matcher, one expression at a time, against re --------------------

import re  # noqa: E402

SUBWORD = re.compile(r"[a-z0-9]+")


def _span(m):
    return None if m is None else m.span()


def _expressions(rs):
    """(name, re.Pattern) of every phrase expression and negator of the ruleset."""
    found = []
    for compiled in rs.flags:
        for attr in ("regex", "neg_before", "neg_after"):
            pat = getattr(compiled, attr)
            if pat is not None:
                found.append((f"{compiled.flag.id}.{attr}", attr, pat))
    return found


_CUSTOM_RS = None


def _custom_rs():
    global _CUSTOM_RS
    if _CUSTOM_RS is None:
        with open(rules.DEFAULT_RULESET, "rb") as fh:
            data = tomllib.load(fh)
        data["flag"] = data["flag"] + copy.deepcopy(EXTRA_FLAGS)
        _CUSTOM_RS = rules.build(data)
    return _CUSTOM_RS


def _native(rs):
    out = []
    for name, attr, pat in _expressions(rs):
        native = cmatch.Pattern(pat)
        assert native.native, name  # parsed: matched in C
        out.append((name, attr, pat, native))
    return out


_NATIVE = _native(_RS)
_NATIVE_CUSTOM = _native(_custom_rs())


def compare(attr, pat, native, text, pos):
    """The calls the matcher makes with this expression, at pos, native vs re."""
    n = len(text)
    if attr == "regex":
        # Ruleset._find_at: match(text, start); _find: search(text, pos)
        assert native.match(text, pos) == _span(pat.match(text, pos)), (pat.pattern, text, pos)
        assert native.search(text, pos) == _span(pat.search(text, pos)), (pat.pattern, text, pos)
    elif attr == "neg_before":
        # _negated: search(text, max(0, start - 40), start)
        lo = max(0, pos - 40)
        assert native.search(text, lo, pos) == _span(pat.search(text, lo, pos)), (text, pos)
        assert native.match(text, lo, pos) == _span(pat.match(text, lo, pos)), (text, pos)
    else:
        # _negated: match(text[end:end + 40]), in place with the slice's start and end
        piece = text[pos : pos + 40]
        want = _span(pat.match(piece))
        want = None if want is None else (want[0] + pos, want[1] + pos)
        assert native.match(text, pos, pos + 40, begin=pos) == want, (text, pos)
        assert native.match(piece) == _span(pat.match(piece)), piece
        assert native.search(text, pos, min(n, pos + 40)) == _span(
            pat.search(text, pos, pos + 40)
        ), (text, pos)


def _positions(text):
    """Word starts and ends (where the matcher calls the expressions), the ends of the text
    and a few others."""
    pos = {0, len(text), max(0, len(text) - 1)}
    for m in SUBWORD.finditer(text):
        pos.add(m.start())
        pos.add(m.end())
    pos.update(range(0, len(text), 17))
    return sorted(pos)


def _compare_texts(table, texts, stride=1):
    """Every expression on every text; with stride k, text i gets expressions i % k, i % k +
    k, ... (keeps the test fast), at all its positions."""
    calls = 0
    for i, text in enumerate(texts):
        positions = _positions(text)
        for name, attr, pat, native in table[i % stride :: stride]:
            for pos in positions:
                compare(attr, pat, native, text, pos)
                calls += 1
    return calls


@pytest.mark.parametrize("seed", [2026, 11])
def test_expressions_on_corpus(seed):
    posts = list(corpus.generate(3000, seed=seed))
    texts = [normalize(p["text"]).text for p in posts]
    assert _compare_texts(_NATIVE, texts, stride=25) > 50_000
    raw = [p["text"] for p in posts[:200]]  # not normalised: upper case, odd characters
    _compare_texts(_NATIVE, raw, stride=25)


def test_expressions_on_test_texts():
    texts = list(EDGES) + list(CUSTOM_TEXTS)
    for name in ("test_robustness.py", "test_entities.py", "test_posts.py"):
        path = HERE / name
        if path.exists():
            texts += _strings_in(path)
    texts = [t for t in texts if len(t) < 1500]  # (long texts: test_expressions_one_megabyte)
    texts += [normalize(t).text for t in texts]
    _compare_texts(_NATIVE, texts, stride=3)
    _compare_texts(_NATIVE_CUSTOM, texts, stride=5)


def test_expressions_custom_ruleset():
    rs = _custom_rs()
    texts = CUSTOM_TEXTS + [normalize(p["text"]).text for p in corpus.generate(200, seed=3)]
    _compare_texts(_NATIVE_CUSTOM, texts, stride=4)
    # the matcher on this ruleset: native vs re
    ms = _three(rs)
    check_all(rs, ms, texts)


# -- hand-written expressions and texts ---------------------------------------------------

PHRASES = [
    "gaji",
    "gaji besar",
    "gaji ~1 besar",
    "gaji ~2 besar|tinggi",
    "gaji ~4 besar",
    "gaji* besar",
    "gaji [pokok|bersih] besar|tinggi",
    "semua_biaya|biaya_admin [gratis|free] ~1 ditanggung",
    "wa [me|saja]",
    "$100 gaji|bonus",
    "hati-hati ~1 penipuan",
    "wa.me/62* ~2 admin",
    "c++ dev*",
    "a'b x&y @z",
    "k ~3 s",
    "tidak_perlu|tanpa pengalaman|ijazah",
    "di bawah umur|usia",
]
NEGATOR_WORDS = [
    ["tidak"],
    ["tidak", "bukan", "jangan"],
    ["tidak ada", "tidak", "no"],
    ["no.", "c++", "a|b", "x)"],
    ["", "x"],
    ["hati-hati", "waspada"],
    ["é", "tidak€", "\u212aelvin"],
    ["a\tb", "(", "[x]", "$", "^", "\\"],
]


def _hand_patterns():
    pats = []
    for phrase in PHRASES:
        regex, _, _ = rules.compile_phrase(phrase)
        pats.append(("regex", re.compile(regex)))
    joined = "|".join(f"(?:{rules.compile_phrase(p)[0]})" for p in PHRASES)
    pats.append(("regex", re.compile(joined)))
    for words in NEGATOR_WORDS:
        pats.append(("neg_before", rules._negator(words, before=True)))
        pats.append(("neg_after", rules._negator(words, before=False)))
    # the building blocks on their own
    for src in (
        r"[\W_]{1,6}",
        r"[a-z0-9]{0,15}",
        r"(?:[\W_]{1,6}[a-z0-9]+){0,4}",
        r"[ \t]+x$",
        r"x[ \t]*$",
        r"(?<![a-z0-9])ab",
        r"ab(?![a-z0-9])",
        r"(?:a|ab|abc)(?:c|bcd)?d",
        r"(?:ab|a)(?:b|)c",
        r"a{2}b{0,}c*d+e?",
        r"\w+\s\d\D\S\W",
        r"[\w\-]+@[a-z.]+",
        r"(?=ab)a(?<=a)b(?!c)",
        r"(?<=\d\d)x|(?<!x)y",
        r"$",
        r"",
        r"(?:x|)y",
        "\u00e9[ a-z]?\u00e0",
    ):
        pats.append(("regex", re.compile(src)))
    return pats


HAND_TEXTS = [
    "",
    " ",
    "\n",
    "x\n",
    "x \n",
    "x\n\n",
    "gaji besar",
    "gaji  besar",
    "gaji_besar",
    "gaji__-__besar",
    "gaji -- .. __ besar",
    "gaji ------- besar",  # 7 separators: too many
    "gaji\u00a0besar",
    "gaji\u3000besar",
    "gaji\u0301besar",  # a combining mark is not \W
    "gaji\u0e55besar",
    "gajiii besar",
    "gajinya sangat amat besar sekali",
    "gaji a b c d besar",
    "gaji a b c d e besar",
    "gaji 15 juta besar tinggi",
    "gaji besarx",
    "gaji besar\u00e9",
    "gaji besar_",
    "gaji besar\u212a",
    "gaji pokok besar",
    "gaji bersih, tinggi",
    "semua biaya gratis xx ditanggung",
    "biaya-admin free ditanggung",
    "wa me",
    "wa.me/6281234 ini admin",
    "$100 bonus",
    "hati-hati ya penipuan",
    "c++ developer",
    "a'b x&y @z",
    "k  \u017f",
    "k \u212a s",
    "tidak",
    "tidak ada lagi gaji",
    "tidak\tada\tgaji",
    "tidak  ada\u00a0gaji",
    "xtidak gaji",
    "tidak gaji\n",
    "tidak gaji\n\n",
    "bukan a b c",
    "no. visa",
    "c++ a|b",
    "x) a|b (",
    "\u00e9 \u00e0",
    "tidak\u20ac gaji",
    "\u212aelvin x",
    "a\tb $ ^ \\ [x]",
    "abcd abd acd ac",
    "abc abcd abbcd",
    "aabccddde aabbd",
    "ab_ a1 b2 c3",
    "x@a.b a-b@c.d",
    "12x xy ay",
    "di bawah umur tidak perlu ijazah",
]


def _hand_table():
    out = []
    for attr, pat in _hand_patterns():
        native = cmatch.Pattern(pat)
        assert native.native, pat.pattern
        out.append((pat.pattern, attr, pat, native))
    return out


_HAND = _hand_table()


def test_hand_patterns():
    texts = HAND_TEXTS + [t * 3 for t in HAND_TEXTS] + [" ".join(HAND_TEXTS)]
    assert _compare_texts(_HAND, texts) > 10_000


def test_all_positions_and_endpos():
    """Every (pos, endpos) pair on short texts, also out of range ones (re clamps them)."""
    texts = ["gaji besar\n", "tidak ada gaji\n", "a ab abc abcd\n", "x\u00e9 y_z 12"]
    for text in texts:
        n = len(text)
        for _, _, pat, native in _HAND + _NATIVE[:6]:
            for pos in range(-2, n + 3):
                for endpos in range(-1, n + 3):
                    assert native.match(text, pos, endpos) == _span(pat.match(text, pos, endpos))
                    assert native.search(text, pos, endpos) == _span(pat.search(text, pos, endpos))


def test_lookbehind_sees_before_pos():
    pat = re.compile(r"(?<![a-z0-9])(?:tidak)(?:[ \t]+[a-z0-9]+){0,2}[ \t]*$")
    native = cmatch.Pattern(pat)
    text = "xtidak gaji"
    assert native.search(text, 1) is None and pat.search(text, 1) is None
    assert native.search(text, 1, begin=1) == (1, 11)  # as on the slice "tidak gaji"
    assert native.match(" tidak", 1) == (1, 6) == pat.match(" tidak", 1).span()


@pytest.mark.parametrize(
    "unit",
    ["gaji besar ", "a", "tidak ", "_", "\u00e9", "tidak ada gaji "],
)
def test_expressions_one_megabyte(unit):
    """The calls the matcher makes (negators on 40-character windows), on 1 MB texts."""
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    generated = _HAND[: len(PHRASES) + 1 + 2 * len(NEGATOR_WORDS)]
    for _, attr, pat, native in _NATIVE[:8] + generated:
        for pos in (1, 999_960, 1_000_000):
            compare(attr, pat, native, text, pos)


def test_pathological_repeats():
    """Long runs under bounded repeats: the same answer (natively or after the step budget
    sends the call to re)."""
    texts = [
        "gaji " + "a " * 1000 + "besar",
        "gaji" + "a" * 2000 + " besar",
        "gaji" + " " * 2000 + "besar",
        "gaji " + "-_ " * 700,
        "k " + "k " * 700 + "s",
        "tidak " + "x " * 700,
    ]
    for text in texts:
        for _, attr, pat, native in _HAND:
            for pos in (0, 1, 5):
                assert native.search(text, pos) == _span(pat.search(text, pos))
                assert native.match(text, pos) == _span(pat.match(text, pos))


def test_step_budget_falls_back_to_re():
    for budget in (0, 1, 5, 30):
        for _, attr, pat, _ in _HAND[:30]:
            native = cmatch.Pattern(pat, budget=budget)
            for text in HAND_TEXTS:
                for pos in (0, 1, len(text) // 2):
                    assert native.match(text, pos) == _span(pat.match(text, pos))
                    assert native.search(text, pos) == _span(pat.search(text, pos))
                    assert (
                        native.search(text, pos, begin=pos) == _span(pat.search(text[pos:]))
                        or native.search(text, pos, begin=pos)[0] >= pos
                    )


@pytest.mark.parametrize(
    "src, flags",
    [
        ("gaji", re.IGNORECASE),
        ("(gaji)", 0),
        ("ga*?ji", 0),
        ("ga++ji", 0),
        ("^gaji", 0),
        (r"\bgaji\b", 0),
        ("g.ji", 0),
        ("[^a]ji", 0),
        ("(?:a*)*b", 0),
        ("(?:ab){0,1000}", 0),
        ("(?:ab)+", 0),
        ("(?<=a{2})b", 0),
        ("a{x}", 0),
        (r"\x41", 0),
        ("(?i)k", 0),
        ("(?P<w>a)(?P=w)", 0),
        ("[a-]", 0),
        ("\u00e9[ \u00e0-\u00ff]?", 0),
    ],
)
def test_unsupported_patterns_go_to_re(src, flags):
    pat = re.compile(src, flags)
    native = cmatch.Pattern(pat)
    assert not native.native
    for text in HAND_TEXTS + ["GAJI", "gaaji", "\u212a", "aab", "ab" * 30 + "b"]:
        for pos in (0, 1):
            assert native.match(text, pos) == _span(pat.match(text, pos))
            assert native.search(text, pos) == _span(pat.search(text, pos))


def test_pattern_errors():
    with pytest.raises(AttributeError):
        cmatch.Pattern(None)
    native = cmatch.Pattern(re.compile("a"))
    with pytest.raises(TypeError):
        native.match(b"a")
    with pytest.raises(TypeError):
        native.search(None)
    assert native.match("a") == (0, 1) and native.search("ba") == (1, 2)


# -- property test at the expression level ----------------------------------------------------

_LETTERS = sorted({c for _, _, pat, _ in _NATIVE for c in pat.pattern if c.isalnum()})
_PIECES = (
    list(_LETTERS)
    + [" ", " ", " ", "\t", "\n", "_", ",", ".", "-", "/", "!", "$", "+", "&", "'", "0", "5"]
    + [NBSP, KELVIN, LONG_S, THAI_5, FULL_A, "\u0301", "é", "İ", "\u3000", "\x1c", "💰"]
    + _VOCAB[:200]
)


@st.composite
def expr_cases(draw):
    table = draw(st.sampled_from([_NATIVE, _NATIVE_CUSTOM, _HAND]))
    entry = draw(st.sampled_from(table))
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(_PIECES), st.sampled_from(_PIECES), st.text(max_size=2)),
            max_size=40,
        )
    )
    text = "".join(parts)
    pos = draw(st.integers(-1, len(text) + 1))
    endpos = draw(st.integers(-1, len(text) + 1))
    return entry, text, pos, endpos


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr_cases())
def test_property_expressions(case):
    (_, attr, pat, native), text, pos, endpos = case
    assert native.match(text, pos, endpos) == _span(pat.match(text, pos, endpos))
    assert native.search(text, pos, endpos) == _span(pat.search(text, pos, endpos))
    if 0 <= pos <= len(text):
        compare(attr, pat, native, text, pos)
