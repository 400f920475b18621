"""The engine with its C accelerators gives exactly what the pure-Python engine gives.

Each accelerator has its own differential test (test_native_*.py); this one screens whole posts
both ways and compares every field of the results, reasons' spans included."""

import os
import shutil
from datetime import date

import pytest

from sigap.screening import Screener
from sigap.screening.accel import NATIVE_MODULES, native_enabled, native_status
from sigap.screening.corpus import generate

ODD = [
    "",
    " ",
    "🙂" * 40,
    "g a j i 15jt K-a-m-b-o-j-a W.A 0812 3456 7890 @hrd_kh t.me/kerja_kh",
    "İSTANBUL ｇａｊｉ １５ｊｔ KAMBOJA Kelvin: \u212a, ſ, ß",
    "PT Maju Jaya Sdn Bhd, SIP3MI No. 123/2024, usia 16-25 th, Rp 15.000.000/bulan, $1,000",
    "Кампания gaji tinggi, tanpa biaya, kerja di Kamboja, ติดต่อ ๐๘๑",
    "di\x01bawah umur, gaji besar\u00a0di bawah umur\u200b, visa turis\r\n",
    "gaji " * 300 + "tinggi",
    "0812" * 500,
    "a" * 5000 + " wa.me/6281234567890",
]


@pytest.fixture(scope="module")
def texts():
    return (
        [r["text"] for r in generate(2000, seed=2026)]
        + [r["text"] for r in generate(500, seed=5)]
        + ODD
    )


def test_accelerators_are_built_where_a_compiler_is():
    """CI has a C compiler: a missing accelerator there is a build failure, not a fallback."""
    if not shutil.which(os.environ.get("CC", "cc")) or not native_enabled():
        pytest.skip("no C compiler here, or SIGAP_SCREENING_NATIVE=0: the Python engine runs")
    assert native_status() == dict.fromkeys(NATIVE_MODULES, True)


def test_switching_accelerators_off_uses_python(monkeypatch):
    monkeypatch.setenv("SIGAP_SCREENING_NATIVE", "0")
    assert Screener().steps.native == ()
    assert Screener(native=False).steps.native == ()


def test_native_engine_gives_the_python_engines_results(texts, registry):
    fast = Screener(registry=registry, today=date(2026, 6, 1))
    if not fast.steps.native:
        pytest.skip("no accelerator built")
    plain = Screener(registry=registry, today=date(2026, 6, 1), native=False)
    for text in texts:
        a, b = fast.screen(text), plain.screen(text)
        assert a.to_dict() == b.to_dict(), text
        assert a == b, text
    for text in texts[:200]:
        a = fast.screen(text, url="https://t.me/lowongan_kh", country="KH")
        b = plain.screen(text, url="https://t.me/lowongan_kh", country="KH")
        assert a.to_dict() == b.to_dict(), text


def test_screen_many_takes_texts_and_inputs_both_ways(texts, registry):
    from sigap.screening import Input

    fast = Screener(registry=registry, today=date(2026, 6, 1))
    plain = Screener(registry=registry, today=date(2026, 6, 1), native=False)
    items = texts[:100] + [Input(t) for t in texts[100:150]] + [Input(texts[0], country="KH")]
    assert list(fast.screen_many(items, batch_size=16)) == list(plain.screen_many(items))


def test_a_discarded_screener_is_freed():
    """The C pipeline holds the screener's methods; the garbage collector must see the cycle."""
    import gc
    import weakref

    screener = Screener()
    ref = weakref.ref(screener)
    del screener
    gc.collect()
    assert ref() is None


def test_non_text_gets_the_engines_clear_error(registry):
    from sigap.screening import ScreeningInputError

    with pytest.raises(ScreeningInputError):
        Screener(registry=registry).screen(b"bytes")


def test_a_process_without_accelerators_gives_the_same_results(texts, registry):
    """SIGAP_SCREENING_NATIVE=0 before import: no C at all, the result objects' makers too."""
    import json
    import subprocess
    import sys

    sample = texts[:150] + ODD[:4]
    code = (
        "import json, sys\n"
        "from datetime import date\n"
        "from sigap.screening import Screener\n"
        "from sigap.screening.accel import native_status\n"
        "from sigap.screening.registry import SAMPLE_REGISTRY, Registry\n"
        "assert not any(native_status().values())\n"
        "s = Screener(registry=Registry.load(SAMPLE_REGISTRY), today=date(2026, 6, 1))\n"
        "print(json.dumps([s.screen(t).to_dict() for t in json.load(sys.stdin)]))\n"
    )
    env = {**os.environ, "SIGAP_SCREENING_NATIVE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(sample),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    fast = Screener(registry=registry, today=date(2026, 6, 1))
    assert json.loads(done.stdout) == [
        json.loads(json.dumps(fast.screen(t).to_dict())) for t in sample
    ]
