"""The JSON shapes of the progress, chats and settings API (for validation and /docs).

Responses mirror the library's ``to_dict()`` field for field, so the CLI's ``--json`` and
the API say the same thing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool


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


class ChatOut(BaseModel):
    id: int
    format: str = Field(description="whatsapp, telegram or sms")
    title: str
    me: str = Field(description="Her name in the chat.")
    him: str
    messages: int
    first: str | None
    last: str | None


class ImportedOut(BaseModel):
    chat: ChatOut
    added: int = Field(description="Messages stored by this import.")
    already_there: int = Field(description="Messages an earlier import had stored already.")
    new_chat: bool
    safety_flagged: int = Field(description="Her messages that suggest she may not be safe.")


class ChoiceOut(BaseModel):
    error: str
    choice: Literal["conversation", "me"] = Field(description="What to send again with the file.")
    options: list[str]


class ChatWeekOut(BaseModel):
    start: str
    her_messages: int
    his_messages: int
    pull: int
    push: int
    ratio_text: str
    meets_reference: bool | None
    his_warmth: int | None = Field(description="-100 (all push) … +100 (all pull).")
    chasing_runs: int
    her_starts: int
    his_starts: int


class RunOut(BaseModel):
    start: str
    end: str
    messages: int
    hours_to_reply: float | None


class ContextLineOut(BaseModel):
    at: str
    who: Literal["me", "him"]
    text: str
    this: bool


class ChatMomentOut(BaseModel):
    at: str
    text: str
    score: int
    labels: list[str]
    context: list[ContextLineOut]


class ChatReportOut(BaseModel):
    chat: ChatOut
    her_messages: int
    his_messages: int
    pull: int
    push: int
    ratio_text: str
    her_starts: int
    his_starts: int
    her_median_reply_minutes: float | None
    his_median_reply_minutes: float | None
    chasing_runs: list[RunOut]
    weeks: list[ChatWeekOut]
    pushed_most: list[ChatMomentOut]
    pulled_most: list[ChatMomentOut]
    safety_messages: int


class PreferencesIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"discreet": True, "reminder_time": "21:00"}]},
    )

    discreet: StrictBool | None = Field(
        default=None, description='Neutral title and icon ("Notes").'
    )
    reminder_time: str | None = Field(default=None, description="HH:MM, 24-hour.")


class PreferencesOut(BaseModel):
    discreet: bool
    reminder_time: str


class LockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passphrase: str = Field(description="At least 8 characters.")


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current: str
    new: str = Field(description="At least 8 characters.")


class DeleteAllIn(BaseModel):
    confirm: str = Field(description='Must be exactly "DELETE".')


class DoneOut(BaseModel):
    message: str


class ImportCountsOut(BaseModel):
    imported: dict[str, int] = Field(description="Rows restored, by kind.")
