"""The learned half of the safety screen: danger said in words no pattern names.

The patterns in ``data/safety.toml`` are precise but narrow: they catch what they were
written on and miss a third of danger written afterwards ("things got physical again",
"he gets rough when he drinks"). This model reads the same hashed n-grams as the fast
engine, so it generalises to wordings the patterns do not list. It is trained by
``drawcloser model build --engine fast`` on ``data/safety_corpus.jsonl`` (written by this
project: danger of six kinds, and hard negatives that share its words) with the ordinary
messages of the main corpus as more negatives, and stored beside the fast engine's file.

Its threshold is set on the dev families and the pattern-writing cases
(``tests/coach/safety_cases.jsonl``) to keep false alarms rare: a false alarm takes the
coaching away from an ordinary message. The held-out cases are never used to build it.
Checking never imports scikit-learn.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from drawcloser.coach.features import FeatureConfig, Features, featurize, score
from drawcloser.coach.model import dense_weights, save_sparse

KINDS = ("abuse", "fear", "threat", "control", "sexual", "selfharm")
CORPUS_FILE = "safety_corpus.jsonl"
FILE = "safety.npz"
F32 = npt.NDArray[np.float32]
SafetySplit = Literal["train", "dev"]


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    safety: bool
    kind: str  # one of KINDS, or "none"
    family: str

    @property
    def split(self) -> SafetySplit:
        return split_of(self.family)


def split_of(family: str) -> SafetySplit:
    # Its own split (there is no test part: tests/coach/safety_heldout.jsonl is the test).
    return "train" if zlib.crc32(family.encode()) % 100 < 80 else "dev"


def cases(split: SafetySplit | None = None) -> list[Case]:
    path = resources.files("drawcloser.coach.data").joinpath(CORPUS_FILE)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        case = Case(row["text"], bool(row["safety"]), row["kind"], row["family"])
        if split is None or case.split == split:
            out.append(case)
    return out


@dataclass(frozen=True, slots=True)
class SafetyModel:
    config: FeatureConfig
    weights: F32  # (dim, 1 + len(KINDS)): the danger logit, then one logit per kind
    bias: F32
    threshold: float  # danger probability from which a text is screened
    meta: dict[str, object]

    def probabilities(self, feats: Features) -> tuple[F32, npt.NDArray[np.int64]]:
        """(danger probability, most likely kind index) per row of ``feats``."""
        if feats.n == 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        logits = score(feats, self.weights) + self.bias
        danger = 1.0 / (1.0 + np.exp(-np.clip(logits[:, 0], -60.0, 60.0)))
        return danger, logits[:, 1:].argmax(axis=1)

    def screen(self, normalised: list[str]) -> tuple[F32, npt.NDArray[np.int64]]:
        return self.probabilities(featurize(normalised, self.config))


def model_path() -> Path:
    return Path(str(resources.files("drawcloser.coach.data"))) / "model" / FILE


def save(path: Path, model: SafetyModel) -> None:
    save_sparse(
        path,
        model.weights,
        bias=model.bias,
        kinds=np.array(KINDS),
        config=np.array(
            json.dumps(
                {
                    "bits": model.config.bits,
                    "char_sizes": list(model.config.char_sizes),
                    "word_weight": model.config.word_weight,
                    "threshold": model.threshold,
                }
            )
        ),
        meta=np.array(json.dumps(model.meta)),
    )


@cache
def load(path: Path | None = None) -> SafetyModel | None:
    """The built model, or None when it is not built (the patterns then screen alone)."""
    path = path or model_path()
    if not path.exists():
        return None
    with np.load(path) as data:
        if tuple(str(k) for k in data["kinds"]) != KINDS:
            return None
        cfg = json.loads(str(data["config"]))
        config = FeatureConfig(cfg["bits"], tuple(cfg["char_sizes"]), cfg["word_weight"])
        return SafetyModel(
            config,
            dense_weights(data, config.dim, 1 + len(KINDS)),
            data["bias"].astype(np.float32),
            float(cfg["threshold"]),
            json.loads(str(data["meta"])),
        )
