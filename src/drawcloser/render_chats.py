"""An imported chat's report as text for a terminal."""

from __future__ import annotations

import click

from drawcloser.chats.analysis import ChatReport, Moment
from drawcloser.practice.progress import meets_reference, ratio_text
from drawcloser.render_practice import heading, wrap


def render_report(r: ChatReport) -> str:
    c = r.chat
    lines = [heading(f"Your chat with {c.him} ({c.format})")]
    if c.first is None or c.last is None:
        return "\n".join([*lines, "  No messages in this chat."])
    lines.append(
        f"  {c.first:%d %b %Y} – {c.last:%d %b %Y}: {r.her_messages:,} messages from you, "
        f"{r.his_messages:,} from him."
    )
    if r.safety_messages:
        lines += ["", click.style("  Your safety comes first", fg="yellow", bold=True)]
        lines.append(
            wrap(
                f"{r.safety_messages} messages in this chat suggest someone may not "
                "be safe. This method is for distance, not danger; if you are afraid, "
                "please reach out for help.",
                "  ",
            )
        )
    meets = meets_reference(r.pull, r.push)
    colour = None if meets is None else ("green" if meets else "red")
    lines += ["", click.style("  Overall", bold=True)]
    lines.append(
        "    pull : push of your messages "
        + click.style(ratio_text(r.pull, r.push), fg=colour, bold=True)
        + f" ({r.pull:,} pulling, {r.push:,} pushing sentences; reference 5 : 1)"
    )
    lines.append(
        f"    who reaches out first (after 6 hours of quiet): you {r.her_starts:,}, "
        f"him {r.his_starts:,}"
    )
    lines.append(
        f"    he usually answers you in {_minutes(r.his_median_reply_minutes)}; "
        f"you answer him in {_minutes(r.her_median_reply_minutes)} (medians)"
    )
    lines.append(f"    runs of 3+ messages he did not answer for 3 hours or more: {len(r.runs):,}")
    lines += ["", click.style("  Week by week", bold=True)]
    lines.append("    week of     you: pull:push    his warmth   chasing   started by you/him")
    for w in r.weeks:
        if not (w.her_messages or w.his_messages):
            continue
        warmth = "—" if w.his_warmth is None else f"{w.his_warmth:+d}"
        ok = meets_reference(w.pull, w.push)
        ratio = ratio_text(w.pull, w.push)
        shown = click.style(f"{ratio:>9}", fg=None if ok is None else ("green" if ok else "red"))
        lines.append(
            f"    {w.start:%d %b %y}   {shown}        {warmth:>5}       {w.chasing_runs:>3}"
            f"        {w.her_starts}/{w.his_starts}"
        )
    for title, moments in (
        ("The moments that pushed most", r.pushed_most),
        ("The moments that pulled most", r.pulled_most),
    ):
        lines += ["", click.style(f"  {title}", bold=True)]
        if not moments:
            lines.append("    None found.")
        for m in moments:
            lines += _moment(m)
    return "\n".join(lines)


def _moment(m: Moment) -> list[str]:
    out = [f"    {m.at:%d %b %Y %H:%M}  ({', '.join(m.labels) or 'score'} {m.score:+d})"]
    for line in m.context:
        who = "you" if line["who"] == "me" else "him"
        flat = " ".join(line["text"].split())
        text = flat if len(flat) <= 100 else flat[:99] + "…"
        mark = "›" if line["this"] else " "
        styled = click.style(text, bold=True) if line["this"] else text
        out.append(f"      {mark} {who}: {styled}")
    return out


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 90:
        return f"{value:.0f} min"
    return f"{value / 60:.1f} h"
