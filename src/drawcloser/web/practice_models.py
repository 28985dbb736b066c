"""The JSON shapes of the practice API (check-ins, remember, actions, today), for
validation and for the OpenAPI docs at /docs.

Responses mirror the library's ``to_dict()`` field for field, as the CLI's ``--json`` does.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from drawcloser.web.api_models import SafetyOut

Rating = Annotated[int, Field(ge=-2, le=2, description="−2 … +2")]
Need = Literal["important", "seen", "valued", "respected", "loved"]
Effort = Literal["minute", "ten-minutes", "evening"]
Kind = Literal["he-loved", "i-love", "memory"]


class CheckInIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "happened": "Dinner together, phones away.",
                    "said": "I loved hearing about your day.",
                    "response": "He told me a long story about work and smiled.",
                    "warmth": 1,
                    "openness": 1,
                    "tags": ["dinner"],
                }
            ]
        },
    )

    at: datetime | None = Field(
        default=None, description="When it happened (default: now); never in the future."
    )
    happened: str = Field(default="", description="What happened, in a few words.")
    said: str = Field(default="", description="What she said; it is read by the check.")
    response: str = Field(default="", description="How he responded.")
    warmth: Rating = Field(description="Warmth (+2) … weariness (−2).")
    openness: Rating = Field(description="Openness (+2) … tension (−2).")
    tags: list[str] = Field(default_factory=list)


class CheckInPatch(BaseModel):
    """What to change; what is left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    at: datetime | None = None
    happened: str | None = None
    said: str | None = None
    response: str | None = None
    warmth: Rating | None = None
    openness: Rating | None = None
    tags: list[str] | None = None


class CheckInOut(BaseModel):
    id: int
    at: str
    happened: str
    said: str
    response: str
    warmth: int
    openness: int
    tags: list[str]
    said_verdict: Literal["push", "pull", "mixed", "neutral"] | None = Field(
        description="The check's verdict on what she said (null when she said nothing)."
    )
    said_score: int | None
    said_labels: list[str] = Field(description="The labels the check found in what she said.")
    pull_count: int
    push_count: int
    created_at: str
    updated_at: str


class SavedCheckInOut(BaseModel):
    entry: CheckInOut
    safety: SafetyOut | None = Field(
        description="Set when what she wrote suggests she may not be safe: no coaching then."
    )


class RememberIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"kind": "i-love", "text": "How he hums while cooking"}]},
    )

    kind: Kind = Field(
        description="he-loved (what he adored in her), i-love (what she loves in him) or "
        "memory (a memory they share)."
    )
    text: str


class RememberPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    text: str | None = None


class RememberOut(BaseModel):
    id: int
    kind: Kind
    heading: str
    text: str
    created_at: str
    updated_at: str


class ActionOut(BaseModel):
    key: str
    text: str
    why: str
    needs: list[Need]
    effort: Effort
    effort_words: str
    own: bool = Field(description="One she added herself.")
    hidden: bool = Field(description="Never suggested while hidden.")


class ActionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "Leave a note in his lunch", "needs": ["loved"], "effort": "minute"}
            ]
        },
    )

    text: str
    needs: list[Need] = Field(min_length=1, description="One to five needs it serves.")
    effort: Effort = "minute"


class HiddenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hidden: bool


class LogIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"status": "done", "response": "He smiled."}]},
    )

    status: Literal["done", "skipped"]
    key: str | None = Field(default=None, description="Which action (default: today's).")
    day: date | None = Field(default=None, description="Which day (default: today).")
    response: str = Field(default="", description="How he responded.")
    reaction: Rating | None = Field(default=None, description="His reaction, −2 … +2.")


class LoggedOut(BaseModel):
    day: date
    key: str
    status: Literal["done", "skipped"]
    needs: list[Need]
    response: str
    reaction: int | None
    logged_at: str


class SuggestionOut(BaseModel):
    day: date
    action: ActionOut
    focus: Need = Field(description="The need it was chosen for.")
    log: LoggedOut | None = Field(description="What she logged for it today, if anything.")


class TodayOut(BaseModel):
    suggestion: SuggestionOut | None = Field(
        description="Today's small action (null when every action is hidden)."
    )
    remember: RememberOut | None = Field(description="Today's resurfaced quality or memory.")
    first_run: bool = Field(description="True while her journal is still empty.")
