"""Which engine gives the check its label probabilities, and why.

``fast``: the hashed n-gram model, always available (it ships with the package build).
``deep``: sentence embeddings through ONNX Runtime, once built into the data dir.
``auto`` (the default) takes the deep engine when it is built and can run, else the fast one.
Rules, fusion and word attribution are shared, so the report has one shape either way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from drawcloser.coach import deep
from drawcloser.coach import model as fast_model

CHOICES = ("auto", "fast", "deep")


class EngineUnavailable(Exception):
    """The engine asked for cannot run here; the message says what to do."""


@dataclass(frozen=True)
class Engine:
    name: str
    fast: fast_model.FastModel
    encoder: deep.Encoder | None = None
    heads: deep.DeepHeads | None = None

    @property
    def thresholds(self) -> npt.NDArray[np.float32]:
        return self.heads.thresholds if self.heads else self.fast.thresholds

    @property
    def push_weight(self) -> float:
        return self.heads.push_weight if self.heads else self.fast.push_weight

    @property
    def message_share(self) -> float:
        return self.heads.message_share if self.heads else self.fast.message_share

    def run(
        self, deep_inputs: list[str], fast_p: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.float32] | None, npt.NDArray[np.float32]]:
        """(sentence embeddings or None for the fast engine, label probabilities)."""
        if self.encoder is None or self.heads is None:
            return None, fast_p
        embeddings, logits = self.encoder.run(deep_inputs)
        return embeddings, self.heads.probabilities(logits, fast_p)

    def tuned(
        self, thresholds: npt.NDArray[np.float32], push_weight: float, message_share: float = 0.0
    ) -> Engine:
        """The same engine with other fusion settings (used while building)."""
        if self.heads is None:
            fast = replace(
                self.fast,
                thresholds=thresholds,
                push_weight=push_weight,
                message_share=message_share,
            )
            return replace(self, fast=fast)
        heads = replace(
            self.heads, thresholds=thresholds, push_weight=push_weight, message_share=message_share
        )
        return replace(self, heads=heads)


def data_home() -> Path:
    from drawcloser import config

    return config.data_home()


def status(home: Path | None = None) -> tuple[str, str]:
    """(the engine auto would use, why)."""
    home = home or data_home()
    if not deep.is_built(home):
        return "fast", (
            f"the deep engine is not built in {deep.deep_dir(home)} "
            "(build it with `make model` or `drawcloser model build --engine deep`)"
        )
    try:
        deep.load(home)
    except deep.DeepMissing as exc:
        return "fast", f"the deep engine is built but cannot run: {exc}"
    return "deep", f"the deep engine is built in {deep.deep_dir(home)}"


def get(choice: str, home: Path | None = None) -> Engine:
    if choice not in CHOICES:
        raise EngineUnavailable(f"unknown engine {choice!r}")
    fast = fast_model.load()
    if choice == "fast":
        return Engine("fast", fast)
    home = home or data_home()
    if choice == "auto" and status(home)[0] == "fast":
        return Engine("fast", fast)
    try:
        encoder, heads = deep.load(home)
    except deep.DeepMissing as exc:
        raise EngineUnavailable(str(exc)) from None
    return Engine("deep", fast, encoder, heads)
