"""Work left until it is needed (spans of reasons, the scan for amounts) gives what doing it at
once gives."""

import copy
import dataclasses
import pickle
import re

import pytest

from sigap.screening import Reason, entities
from sigap.screening.corpus import generate
from sigap.screening.entities import money
from sigap.screening.normalize import normalize
from sigap.screening.rules import load

POST = (
    "𝐃𝐈𝐁𝐔𝐓𝐔𝐇𝐊𝐀𝐍 admin ke Kamboja gj 15jt, visa turis, tiket ditanggung, "
    "hub W.A 0812-3456-7890 segera"
)


def _plain(reason: Reason) -> Reason:
    return Reason(reason.flag, tuple(reason.spans), reason.detail)


def test_reason_spans_are_mapped_to_the_original_when_read(rules_screener):
    result = rules_screener.screen(POST)
    assert result.level == "tinggi"
    for reason in result.reasons:
        for span in reason.spans:
            assert POST[span.start : span.end] == span.text


def test_a_lazy_reason_behaves_like_a_plain_one(rules_screener):
    for reason in rules_screener.screen(POST).reasons:
        plain = _plain(reason)
        assert reason == plain and plain == reason
        assert hash(reason) == hash(plain)
        assert repr(reason) == repr(plain)
        assert pickle.loads(pickle.dumps(reason)) == plain
        assert copy.deepcopy(reason) == plain
        assert reason.to_dict() == plain.to_dict()
        assert dataclasses.replace(reason, detail="x").detail == "x"
        with pytest.raises(dataclasses.FrozenInstanceError):
            reason.spans = ()  # type: ignore[misc]


def test_bulk_and_single_screening_agree(rules_screener):
    texts = [row["text"] for row in generate(200, seed=11)] + [POST, "", "😀"]
    bulk = list(rules_screener.screen_many(texts, batch_size=64))
    for text, got in zip(texts, bulk, strict=True):
        single = rules_screener.screen(text)
        assert got.to_dict() == single.to_dict()
        assert got.reasons == single.reasons


EDGES = [
    "gaji rp\n15.000.000 per bulan",
    "gaji rp. : 15.000.000",
    "gaji 1.200 usd per bulan",
    "gaji 15 juta",
    "gaji 10-15jt",
    "fee 5 m",
    "biaya $ 300",
    "salary S$2,500/month",
    "hubungi 0812 3456 7890 kode 2026",
    "gaji 3000 ringgit sebulan",
    "umur 18-35 tahun, tinggi 160",
]


def test_the_amount_hint_never_hides_an_amount(monkeypatch):
    """With the one-search test switched off, every number is scanned: same amounts."""
    rates = load().exchange_rates
    norms = [normalize(row["text"]) for row in generate(800, seed=5)]
    norms += [normalize(text) for text in EDGES]
    hinted = [money(norm, rates) for norm in norms]
    monkeypatch.setattr(entities, "_MONEY_HINT", re.compile(""))
    assert [money(norm, rates) for norm in norms] == hinted
    assert sum(1 for salaries, fees in hinted if salaries or fees) > 400
