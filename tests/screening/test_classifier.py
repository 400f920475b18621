import pytest

from sigap.screening import Screener
from sigap.screening.classifier import MODEL_PATH, TextModel, load_model
from sigap.screening.corpus import generate
from sigap.screening.normalize import normalize


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    rows = list(generate(600, seed=7))
    model = TextModel.train(
        [normalize(r["text"]).text for r in rows], [r["level"] for r in rows], "test"
    )
    path = model.save(tmp_path_factory.mktemp("m") / "model.joblib")
    return load_model(path)


def test_corpus_is_reproducible_and_balanced():
    first = list(generate(300, seed=11))
    assert first == list(generate(300, seed=11))
    assert {r["level"] for r in first} == {"tinggi", "sedang", "rendah"}
    scenarios = {r["scenario"] for r in generate(3000)}
    assert {"warning", "licensed_p3mi", "g2g", "local_job", "local_english"} <= scenarios


def test_saved_model_loads_and_predicts(small_model):
    assert small_model.version == "test"
    (probs,) = small_model.predict_proba([normalize("admin ke Kamboja gaji 15jt visa turis").text])
    assert dict(probs)["tinggi"] > 0.5
    assert abs(sum(p for _, p in probs) - 1) < 1e-6


def test_engine_records_rules_and_model(small_model, registry):
    result = Screener(registry=registry, model=small_model).screen(
        "Dibutuhkan admin ke Kamboja gaji 15jt, tiket ditanggung, visa turis"
    )
    assert result.rule_level == "tinggi" and result.level == "tinggi"
    assert result.model_level == "tinggi"
    assert result.model_proba and result.model_version == "test"


def test_model_never_lowers_a_strong_flag(small_model, registry):
    screener = Screener(registry=registry, model=small_model)
    result = screener.screen("Kerja di Kamboja.")
    assert result.rule_level == "tinggi" and result.level == "tinggi"


def test_missing_model_file_means_rules_only(tmp_path):
    assert load_model(tmp_path / "absent.joblib") is None


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="run `make model` first")
def test_shipped_model_loads():
    model = load_model()
    assert model is not None and model.classes == ["rendah", "sedang", "tinggi"]
