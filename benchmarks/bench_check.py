"""Speed of the fast engine's check against VADER, in the same run on the same messages.

    make bench            (or: .venv/bin/python benchmarks/bench_check.py [--messages N])

Prints batch throughput (messages/s) for both and their ratio, single-check latency
(p50, p95) for both, and the whole-process time of `drawcloser check "..."`. Figures
depend on the machine: compare the ratios, and record them in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from drawcloser.coach import corpus
from drawcloser.coach.check import check, check_many


def messages(n: int) -> list[str]:
    """Realistic messages: the test split of the corpus, repeated to ``n``."""
    texts = [i.text for i in corpus.evaluation_items("test")]
    return (texts * (n // len(texts) + 1))[:n]


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def latencies(fn, texts: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for t in texts:
        start = time.perf_counter()
        fn(t)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    texts = messages(args.messages)
    check_many(texts[:50], "fast")  # load the model and warm caches, as a running app would
    vader_s = best_of(args.runs, lambda: [vader.polarity_scores(t) for t in texts])
    ours_s = best_of(args.runs, lambda: check_many(texts, "fast"))
    ours_rate, vader_rate = len(texts) / ours_s, len(texts) / vader_s
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    mean = statistics.mean(map(len, texts))
    print(f"messages: {len(texts)} (corpus test split), mean {mean:.0f} chars")
    print(
        f"batch throughput: drawcloser {ours_rate:,.0f} msg/s   VADER {vader_rate:,.0f} msg/s   "
        f"ratio {ours_rate / vader_rate:.2f}"
    )

    sample = texts[:500]
    ours_lat = latencies(lambda t: check(t, "fast"), sample)
    vader_lat = latencies(vader.polarity_scores, sample)
    print(
        f"single check: drawcloser p50 {percentile(ours_lat, 0.5) * 1e3:.2f} ms  "
        f"p95 {percentile(ours_lat, 0.95) * 1e3:.2f} ms   VADER p50 "
        f"{percentile(vader_lat, 0.5) * 1e3:.2f} ms  p95 {percentile(vader_lat, 0.95) * 1e3:.2f} ms"
    )

    exe = Path(sys.executable).with_name("drawcloser")
    cmd = [str(exe), "check", "--engine", "fast", "Why are you doing this to me? We need to talk."]
    subprocess.run(cmd, capture_output=True, check=True)
    runs = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    baseline = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
        baseline.append(time.perf_counter() - start)
    print(
        f'whole process `drawcloser check "..."`: median {statistics.median(runs):.3f} s  '
        f"min {min(runs):.3f} s   (bare `python -c pass`: {statistics.median(baseline):.3f} s)"
    )


if __name__ == "__main__":
    main()
