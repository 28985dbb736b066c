"""Importing a 100,000-message WhatsApp export: parse, check every message, analyse, store.

    .venv/bin/python benchmarks/bench_chat_import.py [--messages N] [--engine fast|deep]
        [--database-url URL]

Each run is a fresh process (`drawcloser import` then `drawcloser chat report`) on a fresh
SQLite journal (or the given PostgreSQL database), timed as a whole, with its peak memory.
Parsing alone is timed in the same run as the baseline the rest adds to.
Targets (issue 6): <= 20 s and <= 500 MB with the fast engine on this 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from chat_generator import write_export

BIN = Path(sys.executable).parent / "drawcloser"


def tree_rss(root: psutil.Process) -> int:
    """Resident bytes of a process and every process under it (the import's workers)."""
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MB) of one command: the largest sum of resident memory over the whole
    process tree, sampled every 20 ms (forked workers share pages with their parent, so the
    sum overstates what the tree really holds; it is the cautious figure)."""
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    root = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, tree_rss(root))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"{args[1]} failed with exit code {child.returncode}")
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return seconds, max(peak, single) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--engine", choices=["fast", "deep"], default="fast")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        export = write_export(Path(tmp) / "WhatsApp Chat with Daniel.txt", args.messages)
        size = export.stat().st_size / 1e6
        from drawcloser.chats.detect import open_export

        start = time.perf_counter()
        parsed = sum(1 for _ in open_export(export).messages())
        parse_s = time.perf_counter() - start
        env = dict(
            os.environ,
            DRAWCLOSER_HOME=str(Path(tmp) / "home"),
            DRAWCLOSER_ENGINE=args.engine,
            DRAWCLOSER_DATABASE_URL=args.database_url,
        )
        if args.engine == "deep":
            env["DRAWCLOSER_HOME"] = os.environ.get("DRAWCLOSER_HOME", "")  # where it is built
            if not env["DRAWCLOSER_HOME"]:
                env.pop("DRAWCLOSER_HOME")
            env["DRAWCLOSER_DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/deep.db"
        imp_s, imp_mb = timed([str(BIN), "import", str(export), "--me", "Maya"], env)
        rep_s, rep_mb = timed([str(BIN), "chat", "report", "1", "--json"], env)
        again_s, _ = timed([str(BIN), "import", str(export), "--me", "Maya"], env)
    print(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"export: {args.messages:,} messages ({parsed:,} parsed), {size:.1f} MB; "
        f"engine {args.engine}; database {'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    print(f"parse only (baseline, in-process):  {parse_s:6.2f} s")
    print(
        f"drawcloser import (whole process):  {imp_s:6.2f} s  = {imp_s / parse_s:.1f}x parse,"
        f"  peak {imp_mb:.0f} MB (all its processes together)"
    )
    print(f"drawcloser chat report:             {rep_s:6.2f} s  peak {rep_mb:.0f} MB")
    print(f"re-import (adds nothing):           {again_s:6.2f} s")
    print(f"import + report: {imp_s + rep_s:.2f} s (target <= 20 s with the fast engine)")


if __name__ == "__main__":
    main()
