"""The report of a message check: one shape for the CLI, the API and the web."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["push", "pull", "mixed", "neutral"]
Source = Literal["rule", "model", "rule+model"]


@dataclass(slots=True)
class Evidence:
    """Exact words in the message: ``message[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Finding:
    label: str
    polarity: Literal["push", "pull"]
    sentence: int  # index into Report.sentences
    confidence: float
    source: Source
    evidence: list[Evidence]
    hears: str  # what he may hear
    principle: str  # the principle of the method it comes from
    advice: str  # push: the antidote, what to do instead; pull: why it works
    alternatives: list[str] = field(default_factory=list)  # push only, 0 when safety applies


@dataclass(slots=True)
class SentenceResult:
    start: int
    end: int
    text: str
    polarity: Literal["push", "pull", "neutral"]
    labels: dict[str, float]  # label -> confidence; {"neutral": p} for a neutral sentence


@dataclass(slots=True)
class HelpResource:
    name: str
    contact: str
    note: str = ""


@dataclass(slots=True)
class Safety:
    kinds: list[str]
    message: str
    resources: list[HelpResource]
    evidence: list[Evidence]


FAINT = 0.3  # below this, a finding is a hunch ("possibly", on the page)


@dataclass(slots=True)
class Report:
    text: str
    verdict: Verdict
    score: int  # -100 (pushes hard) ... +100 (pulls), 0 for neutral
    engine: str
    sentences: list[SentenceResult]
    findings: list[Finding]
    safety: Safety | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def push_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.polarity == "push"]

    @property
    def faint(self) -> bool:
        """A push or pull verdict that rests only on weak findings: the check leans that
        way but is not sure, and the page and the command line say so."""
        return self.verdict in ("push", "pull") and all(f.confidence < FAINT for f in self.findings)

    def copy(self) -> Report:
        """An equal report that shares nothing mutable with this one."""
        return Report(
            self.text,
            self.verdict,
            self.score,
            self.engine,
            [
                SentenceResult(s.start, s.end, s.text, s.polarity, dict(s.labels))
                for s in self.sentences
            ],
            [
                Finding(
                    f.label,
                    f.polarity,
                    f.sentence,
                    f.confidence,
                    f.source,
                    _evidence(f.evidence),
                    f.hears,
                    f.principle,
                    f.advice,
                    list(f.alternatives),
                )
                for f in self.findings
            ],
            _safety(self.safety) if self.safety is not None else None,
            list(self.notes),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "engine": self.engine,
            "text": self.text,
            "sentences": [_plain(s) for s in self.sentences],
            "findings": [_plain(f) for f in self.findings],
            "safety": _plain(self.safety) if self.safety else None,
            "notes": list(self.notes),
        }


def _evidence(items: list[Evidence]) -> list[Evidence]:
    return [Evidence(e.start, e.end, e.text) for e in items]


def _safety(s: Safety) -> Safety:
    help_items = [HelpResource(r.name, r.contact, r.note) for r in s.resources]
    return Safety(list(s.kinds), s.message, help_items, _evidence(s.evidence))


def _plain(obj: Any) -> Any:
    if hasattr(obj, "__slots__"):
        return {name: _plain(getattr(obj, name)) for name in obj.__slots__}
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj
