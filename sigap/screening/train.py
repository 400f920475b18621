"""Build the corpus, cross-validate, and train the model that ships in sigap/screening/data/.

    python -m sigap.screening.train            # what `make model` runs

The training data are the synthetic corpus (corpus.py, -n posts) and the TRAIN split of the
typology corpus (typologies.py, rewritten to data/typologies.jsonl); the typology TEST split is
never trained on: it is screened at the end, by the rules alone and by the shipped engine, and
its per-typology figures go to data/metrics.json (and docs/screening.md).

Five stratified folds: in each, the model is trained on four fifths of the corpus and the full
engine (rules + that model) screens the fifth it has not seen. Printed per level: precision,
recall and F1 for the rules alone, the model alone and the combined engine, plus the confusion
matrix of the combined engine. The figures are also written to data/metrics.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from . import typologies
from .classifier import MODEL_PATH, TextModel
from .corpus import SEED, generate
from .engine import Screener
from .model import LEVELS
from .normalize import normalize
from .registry import SAMPLE_REGISTRY, Registry
from .rules import load as load_ruleset

DATA = Path(__file__).parent / "data"


def _report(name: str, truth: list[str], pred: list[str]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(truth, pred, labels=list(LEVELS), zero_division=0)
    matrix = confusion_matrix(truth, pred, labels=list(LEVELS)).tolist()
    print(f"\n{name}")
    print(f"  {'level':8} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>6}")
    for i, level in enumerate(LEVELS):
        print(f"  {level:8} {p[i]:9.3f} {r[i]:7.3f} {f[i]:6.3f} {s[i]:6d}")
    per_level = {
        level: {
            "precision": round(float(p[i]), 3),
            "recall": round(float(r[i]), 3),
            "f1": round(float(f[i]), 3),
            "support": int(s[i]),
        }
        for i, level in enumerate(LEVELS)
    }
    return {"per_level": per_level, "confusion": matrix}


def _print_matrix(matrix: list[list[int]]) -> None:
    print("  confusion matrix (rows: label, columns: engine)")
    print("  " + " " * 8 + "".join(f"{c:>8}" for c in LEVELS))
    for level, row in zip(LEVELS, matrix, strict=True):
        print(f"  {level:8}" + "".join(f"{v:8d}" for v in row))


def cross_validate(rows: list[dict[str, str]], folds: int, seed: int) -> dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold

    ruleset = load_ruleset()
    registry = Registry.load(SAMPLE_REGISTRY, is_sample=True)
    texts = [r["text"] for r in rows]
    labels = [r["level"] for r in rows]
    normalised = [normalize(t).text for t in texts]
    rules_only = [r.level for r in Screener(ruleset, registry).screen_many(texts)]
    model_pred = [""] * len(rows)
    combined = [""] * len(rows)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(texts, labels):
        model = TextModel.train(
            [normalised[i] for i in train_idx], [labels[i] for i in train_idx], "cv", seed
        )
        screener = Screener(ruleset, registry, model)
        results = screener.screen_many([texts[i] for i in test_idx])
        for i, result in zip(test_idx, results, strict=True):
            combined[i] = result.level
            model_pred[i] = result.model_level or ""
    return {
        "rules": _report("Rules only", labels, rules_only),
        "model": _report("Model only", labels, model_pred),
        "combined": _report("Rules + model (the shipped engine)", labels, combined),
    }


def score_typologies(model: TextModel | None) -> dict[str, Any]:
    """The typology TEST split screened by the rules alone and by rules + ``model``."""
    registry = Registry.load(SAMPLE_REGISTRY, is_sample=True)
    rows = typologies.load("test")
    texts = [r["text"] for r in rows]
    out = {}
    for name, screener in (
        ("rules", Screener(registry=registry)),
        ("combined", Screener(registry=registry, model=model)),
    ):
        scores = typologies.score([r.level for r in screener.screen_many(texts)], rows)
        out[name] = scores
        print(f"\nTypology test split, {name}: not low risk {scores['not_low']}")
        print(
            f"  tinggi {scores['tinggi']}; hard negatives screened tinggi: "
            f"{scores['negatives_tinggi']:.1%}"
        )
        for typ, s in scores["typologies"].items():
            print(f"  {typ:22} {s}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3000, help="posts in the corpus")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--corpus", default=str(DATA / "corpus.jsonl"))
    parser.add_argument("--model", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = list(generate(args.n, args.seed))
    typologies.write()
    rows += typologies.load("train")
    with open(args.corpus, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"corpus: {len(rows)} posts (seed {args.seed}, typology train split) -> {args.corpus}")
    metrics = cross_validate(rows, args.folds, args.seed)
    _print_matrix(metrics["combined"]["confusion"])
    version = f"{load_ruleset().version}+corpus{args.seed}n{args.n}"
    model = TextModel.train(
        [normalize(r["text"]).text for r in rows], [r["level"] for r in rows], version, args.seed
    )
    path = model.save(args.model)
    metrics["typologies_test"] = score_typologies(model)
    metrics.update(
        {"corpus_size": len(rows), "seed": args.seed, "folds": args.folds, "model_version": version}
    )
    (DATA / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    size_kb = path.stat().st_size / 1024
    print(f"\nmodel: {path} ({size_kb:.0f} KiB), built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
