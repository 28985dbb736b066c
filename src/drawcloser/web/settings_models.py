"""The JSON shapes of the settings API (preferences, the lock, export, import and
delete-all), for validation and for the OpenAPI docs at /docs.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool


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
