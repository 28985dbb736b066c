"""Progress charts drawn with matplotlib: PNG or SVG, for the CLI and the web page.

matplotlib is imported here only, and only when a chart is drawn: it costs half a second.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from drawcloser.practice.actions import NEEDS
from drawcloser.practice.progress import REFERENCE_RATIO, Progress, ratio_tone

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

PULL = "#2f8f6a"
PUSH = "#c2463f"
MID = "#c98a2b"  # more pull than push, below 5 : 1: on the way
WARMTH = "#d08a2e"
OPENNESS = "#4a78b8"
INK = "#3b3b3b"
DARK_INK = "#e8e4de"  # the ink on a dark page, where the chart's background is the page's
GRID = "#e6e1da"
DARK_GRID = "#4d4741"  # the same quiet lines on a dark page
CAP = 10.0  # ratios above this are drawn at the cap, so one great week does not flatten the rest


def render(progress: Progress, fmt: str = "png", *, dark: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.size": 10,
            **theme(dark=dark),
            "svg.fonttype": "none",
            "svg.hashsalt": "drawcloser",  # the same data draws the same file
        }
    )
    # Phone-sized: drawn at about the width it is shown on a phone, so 10 pt reads as 10 px.
    fig, axes = plt.subplots(3, 1, figsize=(4.8, 7.8), height_ratios=[3, 2, 2])
    fig.patch.set_alpha(0)
    ink, grid = (DARK_INK, DARK_GRID) if dark else (INK, GRID)
    _ratio(axes[0], progress, ink, grid)
    _feel(axes[1], progress, grid)
    _needs(axes[2], progress, grid)
    s = progress.streak
    fig.suptitle(
        f"Steady days in a row: {s.current} (best {s.best})", x=0.02, ha="left", fontsize=11
    )
    fig.tight_layout()
    out = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {}
    fig.savefig(out, format=fmt, dpi=144, transparent=True, metadata=metadata)
    plt.close(fig)
    return out.getvalue()


def theme(*, dark: bool) -> dict[RcKeyType, str]:
    """Text and axes in an ink that reads on the page behind the chart: light or dark."""
    ink = DARK_INK if dark else INK
    return {
        "axes.edgecolor": DARK_GRID if dark else GRID,
        "axes.labelcolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "text.color": ink,
    }


def _style(ax: Any, grid: str) -> None:
    ax.set_facecolor("none")
    ax.grid(axis="y", color=grid, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _ratio(ax: Any, progress: Progress, ink: str, grid: str) -> None:
    _style(ax, grid)
    weeks = progress.weeks
    values = [
        None if w.pull + w.push == 0 else (CAP if w.push == 0 else min(w.pull / w.push, CAP))
        for w in weeks
    ]
    xs = range(len(weeks))
    tones = {"good": PULL, "mid": MID, "low": PUSH, "": PUSH}
    colours = [tones[ratio_tone(w.pull, w.push)] for w in weeks]
    ax.bar(xs, [v or 0 for v in values], color=colours, width=0.6)
    for x, w, v in zip(xs, weeks, values, strict=True):
        if v is not None:
            ax.annotate(
                w.ratio_text,
                (x, v),
                ha="center",
                va="bottom",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
    # In the page's ink, light or dark: the line every bar is read against must stand out.
    ax.axhline(REFERENCE_RATIO, color=ink, linestyle="--", linewidth=1.2)
    _week_ticks(ax, weeks)
    ax.set_ylim(0, CAP * 1.15)
    # The line is named on the axis, where no bar can cover its label.
    ax.set_yticks([0, REFERENCE_RATIO, CAP], ["0", "5 : 1", f"{CAP:g}+"], fontsize=8)
    ax.set_title("Pull : push per week", loc="left", fontsize=10)


def _feel(ax: Any, progress: Progress, grid: str) -> None:
    _style(ax, grid)
    weeks = progress.weeks
    xs = list(range(len(weeks)))
    for name, colour in (("warmth", WARMTH), ("openness", OPENNESS)):
        ys = [getattr(w, name) for w in weeks]
        points = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None]
        if points:
            ax.plot(*zip(*points, strict=True), marker="o", color=colour, label=name.capitalize())
    ax.axhline(0, color=grid, linewidth=1)
    ax.set_ylim(-2.2, 2.2)
    ax.set_yticks([-2, 0, 2], ["−2", "0", "+2"], fontsize=8)
    _week_ticks(ax, weeks)
    ax.legend(loc="lower left", frameon=False, fontsize=8, ncols=2)
    ax.set_title("How moments felt, weekly average", loc="left", fontsize=10)


def _needs(ax: Any, progress: Progress, grid: str) -> None:
    _style(ax, grid)
    ax.set_title("Needs met, last 7 days", loc="left", fontsize=10)
    counts = [progress.needs_last_7_days.get(n, 0) for n in NEEDS]
    if not any(counts):
        # Empty axes would look like a broken chart: say what fills them instead.
        ax.set_axis_off()
        ax.text(
            0.0,
            0.55,
            "No small action marked done in the last 7 days.\nEach one you do on Today shows here.",
            transform=ax.transAxes,
            fontsize=9,
            va="center",
        )
        return
    ax.barh(list(NEEDS), counts, color=PULL, height=0.55)
    ax.invert_yaxis()
    ax.set_xlim(0, max(3, *counts) + 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color=grid, linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.tick_params(labelsize=8)


def _week_ticks(ax: Any, weeks: Any) -> None:
    """Week starts under the bars; every other one when many, so none overlap at phone width."""
    step = 2 if len(weeks) > 5 else 1
    xs = list(range(len(weeks)))
    last = (len(weeks) - 1) % step  # the latest week always has its label
    labels = [
        f"{w.start.day} {w.start:%b}" if i % step == last else "" for i, w in enumerate(weeks)
    ]
    ax.set_xticks(xs, labels, fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
