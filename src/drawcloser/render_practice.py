"""The practice as text for a terminal: today, entries, progress, the weekly review."""

from __future__ import annotations

import textwrap

import click

from drawcloser.practice import progress as progress_mod
from drawcloser.practice.actions import NEEDS, Action, Suggestion
from drawcloser.practice.checkins import Entry
from drawcloser.practice.progress import Progress
from drawcloser.practice.remember import Item
from drawcloser.practice.review import Review

_VERDICT = {"push": "red", "pull": "green", "mixed": "yellow"}


def wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def heading(text: str) -> str:
    return click.style(text, bold=True)


def today(s: Suggestion, item: Item | None) -> str:
    lines = [heading(f"Today, {s.day:%A %d %B}"), ""]
    lines.append(click.style("  One small thing", bold=True) + f"  ({_effort(s.action)})")
    lines.append(wrap(s.action.text, "    "))
    if s.action.why:
        lines.append(wrap(s.action.why, "    "))
    lines.append(f"    It helps him feel {s.focus}.")
    if s.log is None:
        lines.append("    When it is done: drawcloser today --done --response '…how he responded'")
        lines.append(
            "    Not today: drawcloser today --skip  ·  Another idea: drawcloser today --another"
        )
    else:
        status = "Done" if s.log.status == "done" else "Skipped"
        extra = f" — {s.log.response}" if s.log.response else ""
        lines.append(click.style(f"    {status}{extra}", fg="green" if status == "Done" else None))
    lines.append("")
    lines.append(click.style("  Remember", bold=True))
    if item is None:
        lines.append(
            wrap(
                "Nothing to remember yet. Add a quality he once adored in you, one you "
                "love in him, or a memory you share: drawcloser remember add memory "
                "'…'",
                "    ",
            )
        )
    else:
        lines.append(f"    {item.heading}:")
        lines.append(wrap(item.text, "    "))
    return "\n".join(lines)


def _effort(action: Action) -> str:
    return {"minute": "a minute", "ten-minutes": "ten minutes", "evening": "an evening"}[
        action.effort
    ]


def entry_line(e: Entry) -> str:
    said = ""
    if e.said_verdict:
        said = "  " + click.style(f"[{e.said_verdict}]", fg=_VERDICT.get(e.said_verdict))
    summary = e.happened or e.said or e.response
    short = summary if len(summary) <= 60 else summary[:59] + "…"
    return (
        f"#{e.id:<4} {e.at:%a %d %b %H:%M}  warmth {e.warmth:+d}  openness {e.openness:+d}"
        f"{said}  {short}"
    )


def entry(e: Entry) -> str:
    lines = [heading(f"Check-in #{e.id} — {e.at:%A %d %B %Y, %H:%M}")]
    lines.append(
        f"  Warmth {e.warmth:+d} · openness {e.openness:+d}"
        + (f" · tags: {', '.join(e.tags)}" if e.tags else "")
    )
    for title, value in (
        ("What happened", e.happened),
        ("What you said", e.said),
        ("How he responded", e.response),
    ):
        if value:
            lines += ["", f"  {title}:", wrap(value, "    ")]
    if e.said_verdict:
        labels = ", ".join(e.said_labels) or "nothing in particular"
        lines += [
            "",
            "  The check read what you said as "
            + click.style(e.said_verdict, fg=_VERDICT.get(e.said_verdict), bold=True)
            + f" ({labels}; {e.pull_count} pulling, {e.push_count} pushing).",
        ]
    return "\n".join(lines)


def progress(p: Progress) -> str:
    s = p.streak
    lines = [heading("Your progress"), ""]
    lines.append(
        f"  Steady days in a row: {s.current}"
        + ("" if s.today_counted or s.current == 0 else " (today still counts once you act)")
        + f"   best: {s.best}"
    )
    lines.append(f"  Warmth: {p.warmth_trend}   openness: {p.openness_trend}")
    lines += ["", click.style("  Pull : push per week (reference 5 : 1)", bold=True)]
    active = [n for n, w in enumerate(p.weeks) if w.pull or w.push or w.steady_days]
    if not active:
        lines.append(
            wrap(
                "Nothing yet. Check-ins (what you said) and messages you check and "
                "send with `drawcloser check --log` fill this in.",
                "    ",
            )
        )
    for w in p.weeks[active[0] if active else len(p.weeks) :]:
        meets = progress_mod.meets_reference(w.pull, w.push)
        colour = None if meets is None else ("green" if meets else "red")
        ratio = click.style(f"{w.ratio_text:>8}", fg=colour) if meets is not None else "      —"
        feel = (
            f"warmth {w.warmth:+.1f}  openness {w.openness:+.1f}"
            if w.warmth is not None and w.openness is not None
            else "no check-ins"
        )
        lines.append(
            f"  week of {w.start:%d %b}  {ratio}   {w.pull:>3} pull {w.push:>3} push   "
            f"{w.steady_days}/7 steady   {feel}"
        )
    lines += ["", click.style("  Needs your small actions met, last 7 days", bold=True)]
    for need in NEEDS:
        count = p.needs_last_7_days.get(need, 0)
        lines.append(f"  {need:<10} {'●' * count}{'' if count else '·'}")
    return "\n".join(lines)


def review(r: Review) -> str:
    w, last = r.week, r.last_week
    lines = [heading(f"Your week, {w.start:%d %b} – {w.end:%d %b}"), ""]
    lines.append(click.style("  What went well", bold=True))
    if r.went_well:
        lines += [wrap(f"• {item}", "    ") for item in r.went_well]
    else:
        lines.append(
            wrap(
                "Nothing marked warm yet this week. A check-in after a good moment, "
                "or an action he warmed to, will show here.",
                "    ",
            )
        )
    lines += ["", click.style("  Pull : push", bold=True)]
    lines.append(
        f"    this week {w.ratio_text} ({w.pull} pull, {w.push} push); "
        f"last week {last.ratio_text} — {r.ratio_direction}."
    )
    lines += ["", click.style("  How moments felt", bold=True)]
    lines.append(
        f"    warmth {_avg(w.warmth)} (last week {_avg(last.warmth)}) — {r.warmth_direction}"
    )
    lines.append(
        f"    openness {_avg(w.openness)} (last week {_avg(last.openness)}) — "
        f"{r.openness_direction}"
    )
    lines += ["", click.style("  Needs covered", bold=True)]
    lines.append("    " + ", ".join(f"{n} {w.needs[n]}" for n in NEEDS))
    lines.append(
        wrap(f"Next week, lean toward making him feel {' and '.join(r.needs_least[:2])}.", "    ")
    )
    lines += ["", click.style("  The moment that pulled most", bold=True)]
    if r.moment is None:
        lines.append("    None yet: what you say in a check-in is read for what pulls.")
    else:
        lines.append(f"    {r.moment.when:%A %H:%M} ({r.moment.source}):")
        lines.append(wrap(f"“{r.moment.text}”", "    "))
    lines += ["", f"  Steady days: {w.steady_days} of {r.days_so_far}."]
    return "\n".join(lines)


def _avg(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"
