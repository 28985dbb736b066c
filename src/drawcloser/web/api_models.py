"""The JSON shapes of the API, for validation and for the OpenAPI docs at /docs.

The response mirrors ``Report.to_dict()`` field for field (a test holds them together):
the CLI's ``--json``, the API and the web page share one report shape.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CheckRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Why are you doing this to me?"}]}
    )

    text: str = Field(description="The message to check, up to 20,000 characters.")
    engine: Literal["auto", "fast", "deep"] | None = Field(
        default=None,
        description="Which engine checks the text (default: the server's engine).",
    )


class EvidenceOut(BaseModel):
    start: int = Field(description="Offset in the message where the words start.")
    end: int = Field(description="Offset just past the words: text[start:end] == text.")
    text: str


class FindingOut(BaseModel):
    label: str
    polarity: Literal["push", "pull"]
    sentence: int = Field(description="Index into sentences.")
    confidence: float
    source: Literal["rule", "model", "rule+model"]
    evidence: list[EvidenceOut]
    hears: str = Field(description="What he may hear.")
    principle: str
    advice: str = Field(description="Push: what to do instead. Pull: why it works.")
    alternatives: list[str] = Field(description="Gentler ways to say it (push only).")


class SentenceOut(BaseModel):
    start: int
    end: int
    text: str
    polarity: Literal["push", "pull", "neutral"]
    labels: dict[str, float]


class HelpResourceOut(BaseModel):
    name: str
    contact: str
    note: str


class SafetyOut(BaseModel):
    kinds: list[str]
    message: str
    resources: list[HelpResourceOut]
    evidence: list[EvidenceOut]


class ReportOut(BaseModel):
    verdict: Literal["push", "pull", "mixed", "neutral"]
    score: int = Field(description="-100 (pushes hard) to +100 (pulls); 0 when neutral.")
    engine: str
    text: str
    sentences: list[SentenceOut]
    findings: list[FindingOut]
    safety: SafetyOut | None = Field(
        description="Set when the message suggests she may not be safe; coaching is "
        "paused then (no alternatives)."
    )
    notes: list[str]


class ErrorOut(BaseModel):
    error: str = Field(description="What went wrong, in plain words.")
