"""The chat report's chart: her pull : push per week against 5 : 1, his warmth, chasing."""

from __future__ import annotations

import io
from typing import Any

from drawcloser.chats.analysis import ChatReport
from drawcloser.practice.charts import (
    CAP,
    DARK_GRID,
    DARK_INK,
    GRID,
    INK,
    MID,
    PULL,
    PUSH,
    WARMTH,
    _style,
    theme,
)
from drawcloser.practice.progress import REFERENCE_RATIO, ratio_tone

TONES = {"good": PULL, "mid": MID, "low": PUSH, "": PUSH}


def render(r: ChatReport, fmt: str = "png", *, dark: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 10, "svg.fonttype": "none", "svg.hashsalt": "drawcloser"})
    if dark:
        # Drawn for a dark page, as the progress charts are: light ink, no white behind it.
        # The light chart keeps its white ground, so a PNG from the CLI reads anywhere.
        plt.rcParams.update(theme(dark=True))
    ink, grid = (DARK_INK, DARK_GRID) if dark else (INK, GRID)
    # Phone-sized, as on the web page: 10 pt reads as about 10 px there.
    fig, axes = plt.subplots(3, 1, figsize=(4.8, 6.8), sharex=True, height_ratios=[3, 2, 1.5])
    weeks = r.weeks
    xs = list(range(len(weeks)))
    ratios = [
        None if w.pull + w.push == 0 else (CAP if w.push == 0 else min(w.pull / w.push, CAP))
        for w in weeks
    ]
    ax = axes[0]
    _style(ax, grid)
    ax.bar(
        xs,
        [v or 0 for v in ratios],
        color=[TONES[ratio_tone(w.pull, w.push)] for w in weeks],
        width=0.7,
    )
    ax.axhline(REFERENCE_RATIO, color=ink, linestyle="--", linewidth=1)
    ax.set_ylim(0, CAP * 1.1)
    ax.set_title("Your pull : push per week (dashed: 5 : 1)", loc="left", fontsize=10)
    ax = axes[1]
    _style(ax, grid)
    points = [(x, w.his_warmth) for x, w in zip(xs, weeks, strict=True) if w.his_warmth is not None]
    if points:
        ax.plot(*zip(*points, strict=True), marker="o", color=WARMTH)
    ax.axhline(0, color=ink, linewidth=0.8)
    ax.set_ylim(-105, 105)
    ax.set_title("His warmth per week (−100 cool … +100 warm)", loc="left", fontsize=10)
    ax = axes[2]
    _style(ax, grid)
    ax.bar(xs, [w.chasing_runs for w in weeks], color=PUSH, width=0.7)
    ax.set_title("Runs of 3+ unanswered messages", loc="left", fontsize=10)
    ax.yaxis.get_major_locator().set_params(integer=True)
    step = max(1, -(-len(weeks) // 4))  # at most four dates fit under a phone-wide chart
    ax.set_xticks(xs[::step], [f"{w.start.day} {w.start:%b %y}" for w in weeks][::step])
    for each in axes:
        each.tick_params(labelsize=8)
    fig.tight_layout()
    out = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {}
    fig.savefig(out, format=fmt, dpi=120, transparent=dark, metadata=metadata)
    plt.close(fig)
    return out.getvalue()
