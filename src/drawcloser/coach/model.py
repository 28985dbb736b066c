"""The fast engine's trained heads, applied with numpy alone.

``drawcloser model build`` (see ``training.py``) fits them with scikit-learn and writes
``data/model/fast.npz``; checking never imports scikit-learn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from drawcloser.coach.features import (
    FeatureConfig,
    Features,
    featurize,
    score,
    token_contributions,
)
from drawcloser.coach.taxonomy import LABELS

F32 = npt.NDArray[np.float32]


class ModelMissing(Exception):
    """The trained file is not there: it is built by ``drawcloser model build``."""


def model_path() -> Path:
    return Path(str(resources.files("drawcloser.coach.data"))) / "model" / "fast.npz"


@dataclass(frozen=True, slots=True)
class FastModel:
    config: FeatureConfig
    weights: F32  # (dim, len(LABELS)): one logistic regression per label
    bias: F32
    thresholds: F32  # per label, tuned on the dev split
    meta: dict[str, object]
    # Tuned on the dev split: how much the push polarity is weighed down before a
    # sentence's polarity is chosen, so that warm and neutral sentences stay unflagged.
    push_weight: float = 1.0
    # Tuned on dev too: how much a sentence's probabilities lean on its whole message's.
    message_share: float = 0.0

    def predict(self, normalised: list[str]) -> F32:
        """Label probabilities, (n, labels)."""
        return self.predict_features(normalised)[0]

    def predict_features(self, normalised: list[str]) -> tuple[F32, Features]:
        """As ``predict``, and the features, for ``contributions`` afterwards."""
        feats = featurize(normalised, self.config)
        if not normalised:
            return np.zeros((0, len(LABELS)), np.float32), feats
        logits = score(feats, self.weights) + self.bias
        # Clipped: a saturated logit would overflow exp() and warn for nothing.
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -60.0, 60.0))), feats

    def contributions(
        self,
        feats: Features,
        rows: npt.NDArray[np.int64],
        labels: npt.NDArray[np.int64],
        layers: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """Per-token contributions of row ``rows[i]`` to label index ``labels[i]``, flat
        with an index pointer (see ``features.token_contributions``)."""
        return token_contributions(feats, rows, labels, layers, self.weights)


def save_sparse(path: Path, weights: F32, **arrays: Any) -> None:
    """``weights`` without its all-zero rows (most hashed buckets never occur), and
    ``arrays``; the file is replaced whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = np.flatnonzero(np.any(weights != 0, axis=1)).astype(np.int32)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, rows=rows, weights=weights[rows], **arrays)
    tmp.replace(path)


def dense_weights(data: Any, dim: int, width: int) -> F32:
    """The (dim, width) weights of a file written by ``save_sparse``."""
    weights = np.zeros((dim, width), np.float32)
    weights[data["rows"]] = data["weights"]
    return weights


def save(path: Path, model: FastModel) -> None:
    save_sparse(
        path,
        model.weights,
        bias=model.bias,
        thresholds=model.thresholds,
        labels=np.array(LABELS),
        config=np.array(
            json.dumps(
                {
                    "bits": model.config.bits,
                    "char_sizes": list(model.config.char_sizes),
                    "word_weight": model.config.word_weight,
                    "push_weight": model.push_weight,
                    "message_share": model.message_share,
                }
            )
        ),
        meta=np.array(json.dumps(model.meta)),
    )


@cache
def load(path: Path | None = None) -> FastModel:
    path = path or model_path()
    if not path.exists():
        raise ModelMissing(str(path))
    with np.load(path) as data:
        if tuple(str(x) for x in data["labels"]) != LABELS:
            raise ModelMissing(f"{path} was trained for other labels")
        cfg = json.loads(str(data["config"]))
        config = FeatureConfig(cfg["bits"], tuple(cfg["char_sizes"]), cfg["word_weight"])
        return FastModel(
            config,
            dense_weights(data, config.dim, len(LABELS)),
            data["bias"].astype(np.float32),
            data["thresholds"].astype(np.float32),
            json.loads(str(data["meta"])),
            cfg["push_weight"],
            cfg.get("message_share", 0.0),
        )
