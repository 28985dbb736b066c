"""The JSON shapes of the progress API (figures week by week, the weekly review), for
validation and for the OpenAPI docs at /docs.

Responses mirror the library's ``to_dict()`` field for field, so the CLI's ``--json`` and
the API say the same thing.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class PeriodOut(BaseModel):
    start: str
    end: str
    pull: int = Field(description="Sentences that draw him closer (check-ins, sent messages).")
    push: int = Field(description="Sentences that may push him away.")
    ratio: float | None = Field(description="pull / push; null when there was no push.")
    ratio_text: str = Field(description='As she reads it: "3.5 : 1", "4 : 0" or "—".')
    meets_reference: bool | None = Field(description="At or above 5 : 1 (null: nothing yet).")
    checkins: int
    actions_done: int
    steady_days: int
    warmth: float | None = Field(description="Average warmth rating, -2 … +2.")
    openness: float | None = Field(description="Average openness rating, -2 … +2.")
    needs: dict[str, int] = Field(description="Needs her small actions met.")


class StreakOut(BaseModel):
    current: int
    best: int
    today_counted: bool


class ProgressOut(BaseModel):
    today: str
    reference_ratio: float
    streak: StreakOut
    needs_last_7_days: dict[str, int]
    warmth_trend: str = Field(description="rising, falling, steady or too early to tell")
    openness_trend: str
    weeks: list[PeriodOut]
    days: list[PeriodOut]


class ReviewMomentOut(BaseModel):
    when: str
    text: str
    source: str = Field(description='"check-in" or "sent message"')
    pull: int
    push: int
    score: int | None


class ReviewOut(BaseModel):
    week: PeriodOut
    last_week: PeriodOut
    went_well: list[str]
    ratio_direction: str = Field(description="better, worse, about the same, too early to tell")
    warmth_direction: str
    openness_direction: str
    needs_least: list[str] = Field(description="The needs her actions met least this week.")
    moment_that_pulled_most: ReviewMomentOut | None
    days_so_far: int
