"""The JSON shapes of the chats API (imported chats and their reports), for validation
and for the OpenAPI docs at /docs.

Responses mirror the library's ``to_dict()`` field for field, so the CLI's ``--json`` and
the API say the same thing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


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
