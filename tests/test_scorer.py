"""The fitted scorer: it learns what the hand weights miss, says when it cannot load, and refuses what it doubts."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from kb.checks import Context, drafted
from kb.cli import cli
from kb.fit import Example, cross_validate, fit, save
from kb.langs import reading
from kb.retrieval.lexical import LexicalScorer
from kb.retrieval.scorer import (
    CHOOSE_FEATURES,
    OWN,
    SCORER_FILE,
    HandScorer,
    LearnedScorer,
    gaps,
    make_scorer,
)
from kb.settings import PROJECT_ROOT, Settings, SettingsError
from kb.types import Draft, Query


def _row(**values: float) -> list[float]:
    return [values.get(n, 0.0) for n in OWN]


def _question(rng: np.random.Generator, n: int, answerable: bool, key: str) -> Example:
    """Candidates whose cosines and words are near ties; only the bank's votes point at the answer.

    The hand weights ignore the votes, so they pick at random among the ties; a fitted scorer learns them.
    """
    rows = [_row(dense=0.85 + rng.normal(0, 0.01), recall=0.5 + rng.normal(0, 0.05), bank=0.85,
                 votes=rng.uniform(0, 0.1)) for _ in range(n)]
    right = int(rng.integers(n))
    if answerable:
        rows[right][OWN.index("votes")] = rng.uniform(0.3, 0.6)
    correct = np.zeros(n, dtype=bool)
    correct[right] = answerable
    return Example(key, "eval", answerable, gaps(np.asarray(rows)), correct, (0.0, 0.0))


@pytest.fixture(scope="module")
def synthetic() -> list[Example]:
    rng = np.random.default_rng(1)
    return [_question(rng, 8, i % 4 != 0, f"eval:q{i}") for i in range(240)]


def test_a_fitted_scorer_learns_a_signal_the_hand_weights_ignore(synthetic):
    cv = cross_validate(synthetic)
    assert cv["chosen_right_learned"] >= 0.95
    assert cv["chosen_right_hand"] <= 0.5
    # Answerability: a question no candidate is voted for is refused, an answerable one is not.
    assert cv["unanswerable_refused_at_threshold"] >= 0.9
    assert cv["answerable_refused_at_threshold"] <= 0.05


def test_a_saved_scorer_loads_and_scores_as_fitted(synthetic, tmp_path):
    model = fit(synthetic)
    path = tmp_path / SCORER_FILE
    save(model, path, {"note": "synthetic"})
    loaded = make_scorer("auto", path)
    assert isinstance(loaded, LearnedScorer) and loaded.threshold == pytest.approx(model.threshold)
    # A language's own threshold survives the file; the others keep the general one.
    assert loaded.threshold_for("en") == pytest.approx(model.threshold_for("en"))
    assert loaded.threshold_for("en") < loaded.threshold
    assert loaded.threshold_for("zh-Hans") == pytest.approx(model.threshold)
    x = synthetic[1].features
    assert np.allclose(loaded.scores(x), model.scores(x), atol=1e-4)
    assert json.loads(path.read_text(encoding="utf-8"))["about"] == {"note": "synthetic"}


def test_a_scorer_fitted_on_other_features_is_refused_by_name(synthetic, tmp_path, caplog):
    path = tmp_path / SCORER_FILE
    save(fit(synthetic), path, {})
    d = json.loads(path.read_text(encoding="utf-8"))
    d["features"] = d["features"][:-1]
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(ValueError, match="kb fit"):
        make_scorer("learned", path)
    with caplog.at_level(logging.WARNING):
        assert isinstance(make_scorer("auto", path), HandScorer)
    assert "kb fit" in caplog.text


def test_scorer_choice_follows_the_setting(tmp_path):
    assert isinstance(make_scorer("auto", tmp_path / "missing.json"), HandScorer)
    assert isinstance(make_scorer("hand", PROJECT_ROOT / "corpus" / SCORER_FILE), HandScorer)
    with pytest.raises(OSError):
        make_scorer("learned", tmp_path / "missing.json")
    with pytest.raises(SettingsError, match="KB_SCORER"):
        Settings.from_env({"KB_SCORER": "magic"})


def test_the_committed_scorer_was_fitted_on_todays_features():
    """Changing what the drafter measures without `kb fit` would silently answer with the hand weights."""
    model = LearnedScorer.load(PROJECT_ROOT / "corpus" / SCORER_FILE)
    assert model.choose.columns == CHOOSE_FEATURES
    assert set(model.editions) == {"zh", "mn", "en"}
    about = json.loads((PROJECT_ROOT / "corpus" / SCORER_FILE).read_text(encoding="utf-8"))["about"]
    assert about["cv"]["chosen_right_learned"] > about["cv"]["chosen_right_hand"]


def test_answerability_below_the_threshold_refuses():
    q = Query("二连浩特口岸货运量是多少？", "zh-Hans", "zh", "二连浩特口岸货运量是多少？", "二连浩特口岸货运量是多少？")
    ctx = Context(reading("zh-Hans", frozenset({"zh"})), LexicalScorer(["二连浩特口岸货运量"]), None,  # type: ignore[arg-type]
                  answerable_at=0.2)
    sure = Draft(q, (), "二连浩特口岸进出口货运量完成1964.1万吨。[1]", recall=0.9, bank=0.95)
    assert drafted(sure, ctx)
    assert drafted(replace(sure, confidence=0.6), ctx)
    assert not drafted(replace(sure, confidence=0.1), ctx)


def test_kb_fit_never_learns_from_the_held_out_sets():
    held_out = next((PROJECT_ROOT / "evals" / "holdout").glob("*.jsonl"))
    got = CliRunner().invoke(cli, ["fit", "--set", str(held_out)])
    assert got.exit_code != 0 and "held-out" in got.output
