"""The C accelerator sigap.screening._cnormalize gives exactly what sigap.screening.normalize
gives: normalize() (text, words, both offset maps), fold() and words_of(), on the generated
corpus, on the texts of the other screening tests, on hand-written edge cases and on generated
text. Skipped where the module was not built (no C compiler)."""

import ast
import pathlib
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

cnorm = pytest.importorskip("sigap.screening._cnormalize")

from sigap.screening import normalize as py  # noqa: E402
from sigap.screening.corpus import generate  # noqa: E402

HERE = pathlib.Path(__file__).parent


def map_lists(m):
    return None if m is None else (m.out_starts, m.in_starts, m.in_ends, m.copied)


def assert_same(text):
    want, got = py.normalize(text), cnorm.normalize(text)
    assert type(got) is py.Normalized
    assert got.original is text
    assert got.text == want.text
    assert type(got.words) is frozenset and got.words == want.words
    for name in ("fold_map", "rewrite_map"):
        w, g = getattr(want, name), getattr(got, name)
        assert (g is None) == (w is None), name
        if g is not None:
            assert type(g) is py._Map
        assert map_lists(g) == map_lists(w), name
    assert type(got._spans) is dict and got._spans == {}

    folded, fmap = cnorm.fold(text)
    want_folded, want_fmap = py.fold(text)
    assert folded == want_folded
    assert (fmap is None) == (want_fmap is None)
    assert map_lists(fmap) == map_lists(want_fmap)
    assert cnorm.words_of(text) == py.words_of(text)
    assert cnorm.words_of(want.text) == want.words
    return got, want


def test_the_c_code_runs():
    # Otherwise every comparison below would compare Python with Python.
    assert cnorm._fallback_reason() is None


# --- the corpus --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [2026, 11])
def test_corpus(seed):
    posts = list(generate(3000, seed=seed))
    assert len(posts) == 3000
    for post in posts:
        assert_same(post["text"])


# --- the texts of the other screening tests ------------------------------------------------------


def _constant_strings(path):
    """Every string a test file spells out: literals, and literal * number / literal + literal."""

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
            return node.value
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
            left, right = value(node.left), value(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Add) and type(left) is type(right):
                return left + right
            if isinstance(node.op, ast.Mult) and {type(left), type(right)} == {str, int}:
                text, times = (left, right) if isinstance(left, str) else (right, left)
                return text * times if len(text) * times <= 2_000_000 else None
        return None

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        v = value(node)
        if isinstance(v, str) and len(v) <= 2_000_000:
            found.add(v)
    return sorted(found)


def _test_texts():
    texts = []
    try:
        from tests.screening import test_posts

        texts += [row[0] for row in test_posts.POSTS]
    except ImportError:
        pass
    for name in ("test_posts.py", "test_robustness.py", "test_entities.py", "test_normalize.py"):
        path = HERE / name
        if path.exists():
            texts += _constant_strings(path)
    return texts


def test_texts_of_the_other_tests():
    texts = _test_texts()
    assert len(texts) > 50
    for text in texts:
        assert_same(text)


# --- hand-written edge cases ---------------------------------------------------------------------

EDGE = [
    "",
    " ",
    "a",
    "A",
    "\n",
    "\t\r\x0b\x0c",
    "\x00",
    "\x1c\x1d\x1e\x1f",
    "a\x1cb",  # str.split() splits on \x1c even on the ASCII path
    "é a\x1cb",
    "gj\x1ftdk",
    "a\x85b",
    "a\xa0b",
    "gj\xa0tdk",
    # case folding
    "K",  # KELVIN SIGN: lower() is ASCII, so fold() gives no map
    "Kg",
    "5K",
    "5 \u212a",
    "gaji 5\u212a",
    "İ",  # lower() is two characters
    "İstanbul gaji",
    "İK",
    "ſ",  # LONG S
    "ß",
    "ΣΑΣ gaji",
    "Ω",
    "Å",
    "ǅ",
    "ﬁ ﬂ",
    "GAJI 5JT",
    # fancy letters and marks
    "Ｇａｊｉ ５ｊｔ",
    "𝐆𝐀𝐉𝐈 𝟓𝐣𝐭",
    "ga\u200bji",
    "g\u200ba\u200bj\u200bi",
    "café",
    "cafe\u0301",
    "\u0301tdk",
    "tdk\u0301",
    "❤️",
    "🔥🔥💯🙏",
    "💰💵 gaji",
    "✈️ kamboja",
    "☎ 0812",
    "“gaji” ‘tdk’ – — …",
    "\u2013tdk\u2014",
    # flags
    "🇰🇭",
    "🇰🇭🇲🇲",
    "🇰🇭🇲",
    "🇦🇦",
    "🇰",
    "x🇰🇭y",
    "🇰🇭gaji",
    "🇮🇩 indonesia",
    # units
    "5jt",
    "5 jt",
    "5  jt",
    "5\tjt",
    "5\njt",
    "5\u2003jt",
    "5\xa0jt",
    "5jta",
    "5jtan",
    "5juta",
    "5 juta",
    "5jutaan",
    "5rb",
    "5rbu",
    "5rban",
    "5ribu",
    "5 ribu",
    "5k",
    "5 k",
    "5kg",
    "5k2",
    "5k_",
    "5jt_",
    "5jtx",
    "5jtж",
    "5jt-",
    "5jt.",
    "5jté",
    "5jt\u0301",
    "5jt๑",
    "๕jt",
    "５jt",
    "15jt/bln",
    "1jt2jt3jt",
    "12-18jt",
    "1.5jt",
    "5 5jt",
    "jt5",
    "5jjt",
    "5j t",
    "5 rb",
    "10k-20k",
    "5jutaaa",
    # spaced letters
    "g a j i",
    "g-a-j-i",
    "g.a.j.i",
    "g*a*j*i",
    "g_a_j_i",
    "g  a  j  i",
    "g. a. j. i",
    "g . a",
    "W.A",
    "w a",
    "W A",
    "x y",
    "a b",
    "a b c",
    "a b c d",
    "ab c d",
    "a bc d",
    "a b cd",
    "1 a b c",
    "a b c 1",
    "a b c1",
    "a.b.c.",
    "a...b c",
    "a-.b c d",
    "k a m b o j a",
    "K-a-m-b-o-j-a admin g a j i 1 5 j u t a, visa t u r i s, W.A 0812 1234 5678",
    "é a b c",
    "a b ç d",
    "p t",
    "pt cv",
    "c s",
    "ig fb",
    " ".join("abcdefghijklmnopqrstuvwxyz" * 3),
    " ".join("ab" * 30),
    "-".join("xy" * 50),
    # abbreviations
    "tdk",
    "TDK",
    "tdk yg krn",
    "xtdk tdk",
    "tdkx tdk",
    "_tdk tdk",
    "tdk_ tdk",
    "-tdk",
    "tdk-",
    "étdk tdk",
    "жtdk tdk",
    "1tdk tdk",
    "tdk1 tdk",
    "\x00tdk tdk",
    "\x00tdk",
    "tdk\x00",
    "tdk\x00 tdk",
    "tdk\u0301 tdk",
    "tdk\u200b tdk",
    "tdké tdk",
    "tak",
    "ketak tak",
    "aja ajaja aja",
    "ga gaga ga",
    "no.hp",
    "no.hp no hp",
    "m'sia msia",
    "ketik2",
    "syarat2 syarat",
    "telegramm",
    "whatsapp watsap wasap",
    "loker lowker",
    "info loker",
    "takde pengalaman",
    "jawatan kosong",
    "perbulan sebulan",
    "pnompenh phnompenh",
    "hub 0812",
    "hub\u3000tdk",
    "gj 5jt",
    "GJ 5JT",
    # repeats
    "gajiii",
    "gajiiii",
    "aaa",
    "aa",
    "aaaa bbb",
    "www.example.com",
    "www",
    "xxx",
    "wwwaaa",
    "xxxx yyy",
    "ggg ajiii",
    "gaajii",
    "AAA",
    "ééé",
    "111",
    "tdkkk",
    "yggg",
    "!!!",
    "ggg" * 100,
    # mixes
    "🔥 dibthkn CS online utk perusahaan di Phnom Penh gj 12-18jt, brgkt pakai visa turis",
    "G A J I 15JT!!! kerja admin di K a m b o j a, hub W.A 0813 2222 3333",
    "💰💰 G A J I besar",
    "kerja 🇰🇭 gajiii",
    "Lowongan operator data di Sihanoukville 🇰🇭 gaji $1000 + bonus",
    "ภาษาไทย ๑๒๓ 5jt",
    "العربية ٥jt",
    "中文 5jt tdk",
    "한국어 tdk 5jt",
    "Ελληνικά tdk",
    "русский 5 jt gj",
]


@pytest.mark.parametrize("text", EDGE)
def test_edge_cases(text):
    assert_same(text)


@pytest.mark.parametrize("text", EDGE[:80])
def test_edge_cases_in_context(text):
    for wrapped in (f"x {text} y", f"{text}{text}", f"Gaji {text}!", f"🔥{text}🔥", f"é{text}é"):
        assert_same(wrapped)


def test_every_ascii_and_latin1_character_in_context():
    for code in range(256):
        ch = chr(code)
        for text in (ch, f"5{ch}jt", f"tdk{ch}tdk", f"a{ch}b c", f"g{ch}{ch}{ch}", f"{ch}jt 5k"):
            assert_same(text)


def test_assorted_unicode_characters_in_context():
    codes = (
        list(range(0x100, 0x3000, 7))
        + list(range(0xFF00, 0xFFF0))
        + list(range(0x1D400, 0x1D800, 5))
    )
    codes += (
        list(range(0x1F1E6, 0x1F200)) + list(range(0x1F300, 0x1FA00, 11)) + [0x212A, 0x0130, 0x017F]
    )
    for code in codes:
        ch = chr(code)
        assert_same(f"{ch} 5{ch}jt tdk{ch} {ch}tdk a {ch} b gajiii{ch}")


LARGE = [
    "Dibutuhkan admin ke Kamboja, gaji 15jt, visa turis. " + "lorem ipsum dolor sit amet " * 40_000,
    "gaji tinggi visa turis kamboja " * 40_000,
    "g a " * 250_000,
    "a" * 1_000_000,
    "a b " * 250_000,
    "5jt " * 250_000,
    "5 k" * 300_000,
    "1" * 1_000_000,
    "1j" * 500_000,
    "tdk " * 250_000,
    "tdk-" * 250_000,
    "🇰" * 300_000,
    "🇰🇭" * 200_000,
    "\u200b" * 500_000,
    "gajiii 🔥 " * 100_000,
    "G-A-J-I " * 125_000,
    "x" * 999_999 + "é",
    "é" * 250_000 + "gaji 5jt",
]


@pytest.mark.parametrize("text", LARGE, ids=range(len(LARGE)))
def test_one_megabyte(text):
    assert_same(text)


def test_pathological_inputs():
    for text in [
        "a" * 50_000,
        "g a " * 20_000,
        "-" * 50_000,
        "1.000." * 10_000,
        "@" * 20_000,
        "wa.me/" * 5_000,
        "\u200b" * 50_000,
        "🇰" * 30_000,
        "a-" * 30_000,
        "a  " * 30_000,
        "1jutaan" * 10_000,
        "1 jutaa" * 10_000,
    ]:
        assert_same(text)


# --- the objects themselves ----------------------------------------------------------------------


def test_spans_map_back_like_python():
    for text in ["GJ 5jt di 🇰🇭 hub W.A", "💰💰 G A J I besar", "İstanbul gaji tdk", "gajiii 15JT"]:
        got, want = assert_same(text)
        n = len(want.text)
        for start in range(n + 1):
            for end in range(start, n + 1):
                assert got.to_original(start, end) == want.to_original(start, end)
                assert got.span(start, end) == want.span(start, end)
        assert got._spans is not cnorm.normalize(text)._spans  # a fresh dict each time


def test_other_arguments_behave_like_python():
    class Sub(str):
        pass

    for text in (Sub("GJ 5jt"), Sub("🇰🇭 tdk")):
        got, want = cnorm.normalize(text), py.normalize(text)
        assert (got.original, got.text, got.words) == (want.original, want.text, want.words)
        assert map_lists(got.rewrite_map) == map_lists(want.rewrite_map)
        assert map_lists(got.fold_map) == map_lists(want.fold_map)
        assert cnorm.words_of(text) == py.words_of(text)
    for bad in (None, 5, b"gaji", ["gaji"]):
        for c_func, py_func in (
            (cnorm.normalize, py.normalize),
            (cnorm.fold, py.fold),
            (cnorm.words_of, py.words_of),
        ):
            try:
                want = py_func(bad)
            except Exception as exc:  # noqa: BLE001
                with pytest.raises(type(exc)):
                    c_func(bad)
            else:
                got = c_func(bad)
                assert type(got) is type(want)


# --- generated text ------------------------------------------------------------------------------

WORDS = sorted(py.ABBREVIATIONS) + [
    "jt",
    "jta",
    "jtan",
    "juta",
    "jutaan",
    "rb",
    "rbu",
    "rban",
    "ribu",
    "k",
    "K",
    "JT",
    "g a j i",
    "W.A",
    "w a",
    "p t",
    "www",
    "xxx",
    "aaa",
    "gajiii",
    "iii",
    "ggg",
    "5",
    "15",
    "0812",
    "🇰🇭",
    "🇲🇾",
    "🇦",
    "💰",
    "✈",
    "\u200b",
    "\u0301",
    "é",
    "İ",
    "\u212a",
    "ſ",
    "Ｇａｊｉ",
    "𝐆𝐀𝐉𝐈",
    "๑",
    "٥",
    "５",
    "ж",
    "Σ",
]
CHARS = (
    "abcdgijkmnprstuwxyz0123456789 .*_-'\"!?,/:;()@#$%&+=\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000"
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(WORDS),
            st.sampled_from(list(CHARS)),
            st.sampled_from(list(CHARS)),
            st.sampled_from(list(CHARS.upper())),
            st.characters(blacklist_categories=("Cs",)),
            st.text(max_size=4),
        ),
        max_size=60,
    ).map("".join)
)
def test_generated_text(text):
    assert_same(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    assert_same(text)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q", "-p", "no:randomly"]))


def test_falls_back_to_python_when_normalize_py_changes(tmp_path):
    # A fresh process where a regex of normalize.py differs from the one the C code mirrors:
    # the module notices at first use and every call gives the Python function's answer.
    import subprocess

    code = (
        "import re\n"
        "import sigap.screening.normalize as n\n"
        "n._UNIT = re.compile(r'[0-9](\\s?(?:jt|juta|k))\\b')\n"
        "from sigap.screening import _cnormalize as c\n"
        "got = c.normalize('gaji 5jta 5k')\n"
        "assert c._fallback_reason() == 'a regex of normalize.py changed', c._fallback_reason()\n"
        "assert got.text == n.normalize('gaji 5jta 5k').text == 'gaji 5jta 5 ribu', got.text\n"
        "print('ok')\n"
    )
    root = pathlib.Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
