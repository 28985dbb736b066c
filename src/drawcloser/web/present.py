"""A Report made ready for the page: highlighted pieces of the message, plain-word verdict.

Pure functions over the report, so they are easy to test and the templates stay simple.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from drawcloser.coach.report import Finding, Report
from drawcloser.coach.taxonomy import taxonomy

MAX_ALTERNATIVES = 3

Mark = Literal["push", "pull"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the message; ``findings`` are the indices of the findings covering it."""

    text: str
    mark: Mark | None = None
    findings: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class FindingView:
    index: int
    finding: Finding
    title: str
    words: list[str]
    likelihood: str
    alternatives: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReportView:
    report: Report
    pieces: list[Piece]
    verdict: Verdict
    scale_position: int  # 0 (pushes hardest) .. 20 (pulls most), for the scale's marker
    push: list[FindingView]
    pull: list[FindingView]
    explained: list[FindingView]  # every finding that has a highlight, in finding order

    @property
    def status(self) -> str:
        """One sentence for screen readers, announced when the results change."""
        if self.report.safety is not None:
            return "Your safety comes first. Where to find help is shown below."
        return f"{self.verdict.title}. {self.verdict.summary}"


_VERDICTS = {
    "push": (
        "This may push him away",
        "Some words here may land as pressure or blame. Below are gentler ways to say the "
        "same thing.",
    ),
    "mixed": (
        "Warm, with some push",
        "There is warmth here, and words that may push him away. The push is usually heard "
        "louder than the warmth.",
    ),
    "pull": ("This draws him closer", "Warm and easy to hear. Send it when it feels true."),
    "neutral": ("Plain and easy to hear", "Nothing here pushes or pulls."),
}
# When the verdict rests only on weak findings (``Report.faint``).
_FAINT_VERDICTS = {
    "push": (
        "Might push him away",
        "Nothing here is clearly a push, but a word or two could land badly. Read it once as "
        "he would.",
    ),
    "pull": (
        "Leans warm",
        "Nothing here pushes, and the warmth is faint. Read it once as he would.",
    ),
}


def pieces(report: Report) -> list[Piece]:
    """The message cut where evidence starts and ends; joined, the pieces are the message.

    Overlapping evidence is kept: a run covered by several findings lists them all, and
    push wins the colour, because that is what she most needs to see.
    """
    text = report.text
    spans = [
        (max(0, e.start), min(len(text), e.end), i)
        for i, f in enumerate(report.findings)
        for e in f.evidence
        if e.end > e.start
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Piece] = []
    for begin, end in pairwise(cuts):
        if begin >= end:
            continue
        covering = tuple(sorted({i for s, e, i in spans if s <= begin and end <= e}))
        if out and out[-1].findings == covering:
            last = out[-1]
            out[-1] = Piece(last.text + text[begin:end], last.mark, covering)
            continue
        mark: Mark | None = None
        if covering:
            polarities = {report.findings[i].polarity for i in covering}
            mark = "push" if "push" in polarities else "pull"
        out.append(Piece(text[begin:end], mark, covering))
    return out


def likelihood(confidence: float) -> str:
    if confidence >= 0.85:
        return "very likely"
    if confidence >= 0.6:
        return "likely"
    return "possibly"


def scale_position(score: int) -> int:
    return max(0, min(20, round((score + 100) / 10)))


def view(report: Report) -> ReportView:
    labels = taxonomy()
    shown = {i for p in pieces(report) for i in p.findings}
    views = [
        FindingView(
            index=i,
            finding=f,
            title=labels[f.label].title,
            words=[e.text.strip() for e in f.evidence if e.text.strip()],
            likelihood=likelihood(f.confidence),
            alternatives=f.alternatives[:MAX_ALTERNATIVES],
        )
        for i, f in enumerate(report.findings)
    ]
    title, summary = (_FAINT_VERDICTS if report.faint else _VERDICTS)[report.verdict]
    return ReportView(
        report=report,
        pieces=pieces(report),
        verdict=Verdict(report.verdict, title, summary),
        scale_position=scale_position(report.score),
        push=[v for v in views if v.finding.polarity == "push"],
        pull=[v for v in views if v.finding.polarity == "pull"],
        explained=[v for v in views if v.index in shown],
    )
