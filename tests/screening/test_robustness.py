"""Bad, huge and hostile input gets a clear answer or a clear error within a bounded time."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sigap.screening as screening
from sigap.screening import MAX_CHARS, ScreeningInputError, decode_text


def test_empty_text(rules_screener):
    result = rules_screener.screen("")
    assert (result.level, result.score, result.flags) == ("rendah", 0, ())


def test_only_emoji(rules_screener):
    assert rules_screener.screen("🔥🔥💯🙏" * 50).level == "rendah"


def test_one_megabyte_is_cut_and_says_so(rules_screener):
    post = "Dibutuhkan admin ke Kamboja, gaji 15jt, visa turis. "
    text = post + "lorem ipsum dolor sit amet " * 40_000
    assert len(text) > 1_000_000
    started = time.perf_counter()
    result = rules_screener.screen(text)
    assert time.perf_counter() - started < 10
    assert result.truncated and len(text) > MAX_CHARS
    assert result.level == "tinggi"


def test_a_megabyte_of_red_flags_is_bounded(rules_screener):
    started = time.perf_counter()
    result = rules_screener.screen("gaji tinggi visa turis kamboja " * 40_000)
    assert time.perf_counter() - started < 10
    assert all(len(r.spans) <= 20 for r in result.reasons)


def test_adversarial_spacing(rules_screener):
    result = rules_screener.screen(
        "K-a-m-b-o-j-a admin g a j i 1 5 j u t a, visa t u r i s, W.A 0812 1234 5678"
    )
    assert {"tujuan_dilarang", "visa_non_kerja"} <= set(result.flags)
    assert result.level == "tinggi"


@pytest.mark.parametrize(
    "text",
    [
        "a" * 50_000,
        "g a " * 20_000,
        "-" * 50_000,
        "1" * 50_000,
        "1.000." * 10_000,
        "gaji " * 10_000 + "!",
        "@" * 20_000,
        "wa.me/" * 5_000,
        "PT " * 10_000,
        "usia 1" * 10_000,
        "tanpa " * 10_000 + "biaya",
        "\u200b" * 50_000,
        "🇰" * 30_000,
    ],
)
def test_pathological_inputs_finish_quickly(rules_screener, text):
    started = time.perf_counter()
    rules_screener.screen(text)
    assert time.perf_counter() - started < 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=20_000))
def test_any_text_under_a_second(text):
    screener = screening.Screener()
    started = time.perf_counter()
    result = screener.screen(text)
    assert time.perf_counter() - started < 1.0
    assert result.level in ("rendah", "sedang", "tinggi")
    for reason in result.reasons:
        for span in reason.spans:
            assert text[span.start : span.end] == span.text


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "gaji",
                "15jt",
                "admin",
                "kamboja",
                "visa",
                "turis",
                " ",
                "\n",
                "W.A",
                "0812",
                "-",
                "🇰🇭",
                "g a j i",
                "tdk",
                "biaya",
                "$",
            ]
        ),
        max_size=400,
    )
)
def test_job_like_noise_under_a_second(parts):
    text = "".join(parts)
    started = time.perf_counter()
    screening.Screener().screen(text)
    assert time.perf_counter() - started < 1.0


def test_bytes_utf8_and_bom():
    assert decode_text(b"gaji 15jt") == "gaji 15jt"
    assert decode_text(b"\xef\xbb\xbfgaji") == "gaji"


def test_bytes_not_utf8_is_a_clear_error():
    with pytest.raises(ScreeningInputError, match="UTF-8"):
        screening.screen_bytes(b"gaji \xff\xfe tinggi")


def test_binary_is_a_clear_error():
    with pytest.raises(ScreeningInputError, match="biner"):
        screening.screen_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_bytes_can_be_decoded_leniently():
    result = screening.screen_bytes(b"kerja di Kamboja \xff gaji 15jt", errors="replace")
    assert "tujuan_dilarang" in result.flags


def test_non_string_input_is_a_clear_error(rules_screener):
    with pytest.raises(ScreeningInputError, match="screen_bytes"):
        rules_screener.screen(b"gaji")  # type: ignore[arg-type]


def test_screen_many_matches_screen(rules_screener):
    texts = ["admin ke Kamboja gaji 15jt", "kasir di Medan", ""]
    assert [r.level for r in rules_screener.screen_many(texts, batch_size=2)] == [
        rules_screener.screen(t).level for t in texts
    ]


def test_declared_country_counts(rules_screener):
    result = rules_screener.screen("Dicari admin, gaji 15jt, tanpa pengalaman", country="KH")
    assert "tujuan_dilarang" in result.flags


@pytest.mark.parametrize(
    "text, check",
    [
        # Grouped with commas and then decimals: read as 1,000.50 rupiah (this used to crash).
        (
            "gaji rp 1,000,50 per bulan",
            lambda r: [s.amount_idr_month for s in r.entities.salaries] == [1000],
        ),
        # Hundreds of digits are not an amount anyone was offered (OverflowError before).
        ("gaji rp 1" + ".000" * 200 + " juta", lambda r: r.entities.salaries == ()),
        # Letters that case-insensitive expressions match but that are not ASCII (KeyError).
        ("inſta @lowongan_kh", lambda r: [a[1] for a in r.entities.accounts] == ["instagram"]),
        ("İg @lowongan_kh", lambda r: [a[1] for a in r.entities.accounts] == ["instagram"]),
        (
            "ınstagram.com/lowongan",
            lambda r: [a[2] for a in r.entities.accounts] == ["instagram.com/lowongan"],
        ),
    ],
)
def test_odd_input_that_used_to_crash(registry, text, check):
    result = screening.Screener(registry=registry).screen(text)
    assert check(result), result.entities


def test_companies_come_in_text_order_in_every_process():
    """Which company is named first must not depend on the process's string hashing."""
    import subprocess
    import sys

    code = (
        "from sigap.screening.entities import companies;"
        "from sigap.screening.normalize import normalize;"
        "print([n for _, n in companies(normalize("
        "'Yayasan Harapan, PT Maju Jaya, CV Sinar Abadi, LPK Cahaya'))])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert outputs == {"['YAYASAN Harapan', 'PT Maju Jaya', 'CV Sinar Abadi', 'LPK Cahaya']\n"}
