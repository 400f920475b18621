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


def make_vectorizer(settings: dict[str, Any] | None = None):
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(dtype=np.float32, **(settings or VECTORIZER_SETTINGS))


def make_classifier(seed: int = 0):
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

    def __init__(self, classifier, version: str, settings: dict[str, Any] | None = None):
        self.classifier = classifier
        self.version = version
        self.settings = dict(settings or VECTORIZER_SETTINGS)
        self.vectorizer = make_vectorizer(self.settings)
        self.classes = [str(c) for c in classifier.classes_]

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
        probs = self.classifier.predict_proba(self.vectorizer.transform(texts))
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
