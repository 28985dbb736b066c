"""Build the learned safety screen (scikit-learn, build time only; see ``safety_model``).

Trained on the safety corpus's train families, with the main corpus's train messages as
more negatives (ordinary push, pull and neutral talk: the screen must stay quiet on them).
The threshold is the lowest that keeps false alarms within the caps below on the dev
families' hard negatives and on the main corpus's dev messages, each scored as the check
scores them (each sentence, and the whole message). ``tests/coach/safety_heldout.jsonl``
is never read here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from drawcloser.coach import corpus
from drawcloser.coach.features import FeatureConfig
from drawcloser.coach.safety_model import (
    CORPUS_FILE,
    KINDS,
    Case,
    SafetyModel,
    cases,
    model_path,
    save,
)

C = 16.0  # on dev: 4 -> 16 took the recall at the caps from 0.39 to 0.44; 64 gave no more
# Of the dev hard negatives (idioms, films, scrapes, coldness...) and of the main corpus's
# dev messages: the share the whole screen (patterns or model) may flag. A false alarm takes
# coaching away from one message; a miss coaches a woman in danger to be warmer. The patterns
# alone flag 1.5% and 0.2% of these; the caps leave the model room for about as many again.
MAX_FALSE_ALARM_HARD = 0.04
MAX_FALSE_ALARM_ORDINARY = 0.004
MIN_THRESHOLD = 0.3
THRESHOLDS = np.round(np.arange(MIN_THRESHOLD, 0.995, 0.005), 3)


@dataclass(frozen=True)
class DevFigures:
    """The whole screen's figures on dev (patterns, or the model past ``threshold``)."""

    threshold: float
    recall: float
    false_alarm_hard: float
    false_alarm_ordinary: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in self.__dict__.items()}


def _matrix(texts: list[str], config: FeatureConfig):  # type: ignore[no-untyped-def]
    from drawcloser.coach.training import _matrix as fast_matrix

    return fast_matrix(texts, config)


def fit(
    train: list[Case], ordinary: list[str], config: FeatureConfig
) -> tuple[np.ndarray, np.ndarray]:
    """(weights (dim, 1 + kinds), bias): the danger head, then the kind head."""
    from sklearn.linear_model import LogisticRegression

    texts = [c.text for c in train] + ordinary
    y = np.array([c.safety for c in train] + [False] * len(ordinary))
    x = _matrix(texts, config)
    danger = LogisticRegression(C=C, solver="liblinear", max_iter=2000, class_weight="balanced")
    danger.fit(x, y)
    harmful = [c for c in train if c.safety]
    kinds = LogisticRegression(C=C, max_iter=3000)
    kinds.fit(_matrix([c.text for c in harmful], config), [KINDS.index(c.kind) for c in harmful])
    weights = np.zeros((config.dim, 1 + len(KINDS)), np.float32)
    bias = np.zeros(1 + len(KINDS), np.float32)
    weights[:, 0] = danger.coef_[0]
    bias[0] = danger.intercept_[0]
    present = list(kinds.classes_)
    for j, k in enumerate(present):
        weights[:, 1 + int(k)] = kinds.coef_[j]
        bias[1 + int(k)] = kinds.intercept_[j]
    for k in range(len(KINDS)):
        if k not in present:  # a kind with no training line is never named
            bias[1 + k] = -1e3
    return weights, bias


def message_scores(model: SafetyModel, texts: list[str]) -> np.ndarray:
    """Each text's danger probability as the check sees it: its strongest sentence, or the
    whole message when that is stronger."""
    from drawcloser.coach.safety import learned_units

    units, owner, _ = learned_units(texts)
    p, _ = model.screen(units)
    out = np.zeros(len(texts), np.float32)
    np.maximum.at(out, owner, p)
    return out


def _patterns(texts: list[str]) -> np.ndarray:
    from drawcloser.coach.safety import screen_texts

    return np.array([s is not None for s in screen_texts(texts, learned=False)], bool)


def choose_threshold(model: SafetyModel, dev: list[Case], ordinary_dev: list[str]) -> DevFigures:
    """The lowest threshold at which the whole screen stays within the false-alarm caps."""
    groups = (
        [c.text for c in dev if c.safety],
        [c.text for c in dev if not c.safety],
        ordinary_dev,
    )
    found = [(_patterns(texts), message_scores(model, texts)) for texts in groups]

    def figures(t: float) -> DevFigures:
        rates = [float(np.mean(p | (m >= t))) if len(p) else 0.0 for p, m in found]
        return DevFigures(t, *rates)

    for t in THRESHOLDS:
        chosen = figures(float(t))
        if (
            chosen.false_alarm_hard <= MAX_FALSE_ALARM_HARD
            and chosen.false_alarm_ordinary <= MAX_FALSE_ALARM_ORDINARY
        ):
            return chosen
    return figures(float(THRESHOLDS[-1]))  # nothing meets the caps: the strictest setting


def corpus_digest() -> str:
    from importlib import resources

    data = resources.files("drawcloser.coach.data").joinpath(CORPUS_FILE).read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


def build(config: FeatureConfig, path: Path | None = None) -> SafetyModel:
    train, dev = cases("train"), cases("dev")
    ordinary = [i.text for i in corpus.training_items("train")]
    ordinary_dev = [i.text for i in corpus.evaluation_items("dev")]
    weights, bias = fit(train, ordinary, config)
    probe = SafetyModel(config, weights, bias, 0.5, {})
    figures = choose_threshold(probe, dev, ordinary_dev)
    # Refitted on train and dev together, at the threshold dev chose.
    weights, bias = fit(
        train + dev, ordinary + [i.text for i in corpus.training_items("dev")], config
    )
    meta: dict[str, object] = {
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "corpus": corpus_digest(),
        "train_cases": len(train) + len(dev),
        "dev": figures.as_dict(),
    }
    model = SafetyModel(config, weights, bias, figures.threshold, meta)
    save(path or model_path(), model)
    return model
