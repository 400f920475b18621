"""The shortcuts taken for speed give exactly what the plain way gives."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from sigap.screening.classifier import VECTORIZER_SETTINGS, TextModel, make_vectorizer
from sigap.screening.corpus import generate
from sigap.screening.normalize import normalize, word_positions
from sigap.screening.rules import MAX_SPANS_PER_FLAG, _negated, _yield, load

ODD = [
    "di\x01bawah umur, gaji besar di bawah umur",  # a control character between words
    "Кампания gaji tinggi, tanpa biaya, kerja di Kamboja",  # letters that do not fold
    "tidak ada biaya pendaftaran _tanpa biaya_ biaya admin 500rb",
    "gaji " * 300 + "tinggi",  # more places of one word than are tried
]


@pytest.fixture(scope="module")
def posts():
    return [row["text"] for row in generate(400, seed=7)] + ODD


def _match_everywhere(ruleset, norm):
    """Every anchored flag tried at every place of each of its trigger words."""
    hits = {}
    for compiled in ruleset.flags:
        if not compiled.anchored:
            continue
        spans = []
        for word in compiled.triggers.intersection(norm.words):
            for start in word_positions(norm.text, word):
                m = compiled.regex.match(norm.text, start)
                if m and not _negated(compiled, norm.text, start, m.end()):
                    spans.append((start, m.end()))
        if spans:
            hits[compiled.flag.id] = sorted(spans)[:MAX_SPANS_PER_FLAG]
    for fid in ruleset.yielding.intersection(hits):
        _yield(hits, fid, ruleset.by_id[fid].yield_to)
    return hits


def test_trigger_shortcuts_find_what_trying_everywhere_finds(posts):
    ruleset = load()
    for text in posts:
        norm = normalize(text)
        assert ruleset.match(norm) == _match_everywhere(ruleset, norm), text


def test_fast_vectorizer_gives_scikit_learns_features(posts):
    texts = [normalize(t).text for t in posts] + ["", "x", "a_b 12 é"]
    plain = HashingVectorizer(dtype=np.float32, **VECTORIZER_SETTINGS).transform(texts)
    assert (make_vectorizer().transform(texts) != plain).nnz == 0


def test_model_probabilities_are_scikit_learns(posts):
    rows = list(generate(300, seed=3))
    model = TextModel.train(
        [normalize(r["text"]).text for r in rows], [r["level"] for r in rows], "test"
    )
    texts = [normalize(t).text for t in posts]
    expected = model.classifier.predict_proba(model.vectorizer.transform(texts))
    got = np.array([[p for _, p in row] for row in model.predict_proba(texts)])
    assert np.array_equal(got, expected.astype(float))
