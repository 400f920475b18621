# Screening engine ("Cek Lowongan"): included from the top-level Makefile, which defines PY.

.PHONY: model bench-screening

MODEL := sigap/screening/data/model.joblib
MODEL_SOURCES := $(wildcard sigap/screening/*.py sigap/screening/rulesets/*.toml sigap/screening/rulesets/typologies/*.toml)

# Builds the synthetic corpus (fixed seed), prints 5-fold cross-validated precision/recall/F1
# per level and the confusion matrix, and writes sigap/screening/data/{corpus.jsonl,
# model.joblib,metrics.json}. Reproducible: same seeds, same files. Rebuilt only when the
# engine's sources change.
$(MODEL): $(MODEL_SOURCES) $(STAMP)
	$(PY) -m sigap.screening.train --seed 2026 -n 3000 --folds 5

model: $(MODEL)

bench-screening: install
	$(PY) bench/screening.py --json
