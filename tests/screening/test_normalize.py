import pytest

from sigap.screening.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GJ 5jt", "gaji 5 juta"),
        ("dibthkn segera", "dibutuhkan segera"),
        ("dbtuhkan", "dibutuhkan"),
        ("info loker", "info lowongan kerja"),
        ("hub 0812", "hubungi 0812"),
        ("WhatsApp", "wa"),
        ("W.A", "wa"),
        ("tdk yg krn", "tidak yang karena"),
        ("15jt/bln", "15 juta/bulan"),
        ("500rb", "500 ribu"),
        ("3k", "3 ribu"),
        ("g a j i", "gaji"),
        ("g-a-j-i", "gaji"),
        ("gajiiii", "gaji"),
        ("𝐆𝐀𝐉𝐈", "gaji"),
        ("ga\u200bji", "gaji"),
        ("Ｇａｊｉ", "gaji"),
        ("🇰🇭", " kamboja "),
        ("takde pengalaman", "tidak ada pengalaman"),
        ("jawatan kosong", "lowongan kosong"),
        ("café", "cafe"),
    ],
)
def test_normalises_informal_spelling(raw, expected):
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "word", "original"),
    [
        ("DIBTHKN admin", "dibutuhkan", "DIBTHKN"),
        ("gaji 15JT", "15 juta", "15JT"),
        ("hub W.A skrg", "wa", "W.A"),
        ("💰💰 G A J I besar", "gaji", "G A J I"),
        ("kerja 🇰🇭 gajiii", "kamboja", "🇰🇭"),
        ("𝐆𝐀𝐉𝐈 tinggi", "gaji", "𝐆𝐀𝐉𝐈"),
        ("İstanbul gaji", "gaji", "gaji"),
    ],
)
def test_offsets_map_back_to_the_original_text(raw, word, original):
    norm = normalize(raw)
    start = norm.text.index(word)
    assert norm.span(start, start + len(word)).text == original


def test_words_are_available_for_trigger_lookup():
    assert {"gaji", "wa", "kamboja"} <= normalize("GJ tinggi, hub WA, kerja di Kamboja").words


def test_empty_and_emoji_only():
    assert normalize("").text == ""
    assert normalize("😀🙏").text.strip() == ""
