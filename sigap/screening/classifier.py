"""The learned layer: hashed word n-gram features and a linear classifier over three levels.

Word unigrams and bigrams of the *normalised* text (slang already expanded) are used rather than
character n-grams: on this corpus they score the same and are about six times faster to compute
(55 against 360 microseconds per post), which keeps rules + model above 3,000 posts/s.

The vectoriser is stateless (feature hashing), so the model file holds only the classifier's
weights and the vectoriser's settings. The file is built by ``make model`` (``train.py``) and is
loaded from disk only; nothing is downloaded. Load only files you built yourself: joblib files
can run code when loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).parent / "data" / "model.joblib"
FORMAT = 1
VECTORIZER_SETTINGS: dict[str, Any] = {
    "analyzer": "word",
    "ngram_range": (1, 2),
    "token_pattern": r"(?u)\b\w+\b",
    "n_features": 2**18,
    "alternate_sign": False,
    "lowercase": False,  # the engine's normalised text is already lower case
    "norm": "l2",
}


def make_vectorizer(settings: dict[str, Any] | None = None) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    settings = dict(settings or VECTORIZER_SETTINGS)
    if _plain_word_ngrams(settings):
        # Same tokens in the same order as scikit-learn's "word" analyzer, without its
        # per-bigram Python loop: this step was half of the model's time per post.
        pattern = re.compile(settings.pop("token_pattern"))
        for key in ("analyzer", "ngram_range", "lowercase"):
            settings.pop(key)
        return HashingVectorizer(
            analyzer=partial(_unigrams_and_bigrams, pattern.findall), dtype=np.float32, **settings
        )
    return HashingVectorizer(dtype=np.float32, **settings)


def _plain_word_ngrams(settings: dict[str, Any]) -> bool:
    """Word unigrams + bigrams of the text as given, with nothing else that shapes tokens."""
    shaping = {"preprocessor", "tokenizer", "stop_words", "strip_accents", "input", "decode_error"}
    return (
        settings.get("analyzer") == "word"
        and tuple(settings.get("ngram_range", ())) == (1, 2)
        and settings.get("lowercase") is False
        and "token_pattern" in settings
        and shaping.isdisjoint(settings)
    )


def _unigrams_and_bigrams(findall: Callable[[str], list[str]], text: str) -> list[str]:
    tokens = findall(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def make_classifier(seed: int = 0) -> Any:
    from sklearn.linear_model import SGDClassifier

    return SGDClassifier(
        loss="log_loss",
        alpha=2e-5,
        max_iter=40,
        tol=1e-4,
        random_state=seed,
        class_weight="balanced",
    )


class TextModel:
    """Probabilities of rendah / sedang / tinggi for normalised texts."""

    def __init__(
        self, classifier: Any, version: str, settings: dict[str, Any] | None = None
    ) -> None:
        self.classifier = classifier
        self.version = version
        self.settings = dict(settings or VECTORIZER_SETTINGS)
        self.vectorizer = make_vectorizer(self.settings)
        self.classes = [str(c) for c in classifier.classes_]
        # The weights laid out for the product with the features (the transposed view would
        # be copied on every call: about 2 ms, more than the arithmetic for a batch).
        self._weights = (
            (np.ascontiguousarray(classifier.coef_.T), classifier.intercept_)
            if _is_multiclass_log_loss(classifier)
            else None
        )

    @classmethod
    def train(cls, texts: list[str], labels: list[str], version: str, seed: int = 0) -> TextModel:
        vectorizer = make_vectorizer()
        clf = make_classifier(seed)
        clf.fit(vectorizer.transform(texts), labels)
        clf.coef_ = clf.coef_.astype(np.float32)
        return cls(clf, version)

    def predict_proba(self, texts: list[str]) -> list[tuple[tuple[str, float], ...]]:
        if not texts:
            return []
        features = self.vectorizer.transform(texts)
        if self._weights is not None:
            probs = _ovr_proba(features, *self._weights)
        else:
            probs = self.classifier.predict_proba(features)
        return [tuple(zip(self.classes, map(float, row), strict=True)) for row in probs]

    def save(self, path: str | Path = MODEL_PATH) -> Path:
        import joblib

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT,
            "version": self.version,
            "settings": self.settings,
            "classifier": self.classifier,
        }
        joblib.dump(payload, path, compress=3)
        return path


def _is_multiclass_log_loss(classifier: Any) -> bool:
    return (
        type(classifier).__name__ == "SGDClassifier"
        and classifier.loss == "log_loss"
        and classifier.coef_.ndim == 2
        and classifier.coef_.shape[0] > 2
    )


def _ovr_proba(features: Any, coef_t: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """What ``SGDClassifier.predict_proba`` computes for a multi-class log-loss model: the same
    operations in the same order, so the same numbers to the last bit."""
    from scipy.special import expit  # scikit-learn's own dependency

    scores: np.ndarray = features @ coef_t + intercept
    expit(scores, out=scores)
    scores /= scores.sum(axis=1).reshape((scores.shape[0], -1))
    return scores


def load_model(path: str | Path = MODEL_PATH) -> TextModel | None:
    """The model at ``path``, or None when it has not been built (the rules still work)."""
    path = Path(path)
    if not path.exists():
        return None
    import joblib

    payload = joblib.load(path)
    if payload.get("format") != FORMAT:
        return None
    return TextModel(payload["classifier"], payload["version"], payload["settings"])
