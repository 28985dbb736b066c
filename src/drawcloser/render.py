"""The report as text for a terminal: pushing words red, pulling words green."""

from __future__ import annotations

import textwrap

import click

from drawcloser.coach.report import Report

_COLOURS = {"push": "red", "pull": "green"}


def highlighted(report: Report) -> str:
    marks: list[tuple[int, int, str]] = []
    for f in report.findings:
        for e in f.evidence:
            marks.append((e.start, e.end, f.polarity))
    marks.sort(key=lambda m: (m[0], m[2] != "push"))
    out, pos = [], 0
    for start, end, polarity in marks:
        if start < pos:
            continue  # overlapping highlights: the first (push wins ties) is shown
        out.append(report.text[pos:start])
        out.append(click.style(report.text[start:end], fg=_COLOURS[polarity], bold=True))
        pos = end
    out.append(report.text[pos:])
    return "".join(out)


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def render_report(report: Report) -> str:
    lines = ["", _indent_block(highlighted(report)), ""]
    verdict_colour = {"push": "red", "pull": "green", "mixed": "yellow"}.get(report.verdict)
    lines.append(
        "  "
        + click.style(
            f"Verdict: {report.verdict}{' (faint)' if report.faint else ''}",
            fg=verdict_colour,
            bold=True,
        )
        + f"   score {report.score:+d}   engine {report.engine}"
    )
    if report.safety is not None:
        lines.append("")
        lines.append(click.style("  Your safety comes first", fg="yellow", bold=True))
        lines.append(_wrap(report.safety.message, "  "))
        for r in report.safety.resources:
            lines.append(f"  - {r.name}: {r.contact}")
            if r.note:
                lines.append(_wrap(r.note, "      "))
        lines.extend(["", *(_wrap(n, "  ") for n in report.notes)])
        return "\n".join(lines)
    for f in report.findings:
        words = ", ".join(f'"{e.text}"' for e in f.evidence)
        mark = "✗" if f.polarity == "push" else "✓"
        lines.append("")
        lines.append(
            click.style(f"  {mark} {f.label}", fg=_COLOURS[f.polarity], bold=True)
            + f"  {f.confidence:.0%}  {words}"
        )
        if f.polarity == "push":
            lines.append(_wrap(f"He may hear: {f.hears}", "    "))
            lines.append(_wrap(f"Principle: {f.principle}", "    "))
            lines.append(_wrap(f"Instead: {f.advice}", "    "))
            if f.alternatives:
                lines.append("    Try:")
                for alt in f.alternatives:
                    lines.append(_wrap(f"“{alt}”", "      "))
        else:
            lines.append(_wrap(f"Why it works: {f.advice}", "    "))
    if not report.findings:
        lines.append("")
        lines.append("  Nothing here pushes or pulls: plain and easy to hear.")
    if report.notes:
        lines.append("")
        lines.extend(_wrap(n, "  ") for n in report.notes)
    return "\n".join(lines)


def _indent_block(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
