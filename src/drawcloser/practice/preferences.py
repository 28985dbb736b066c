"""Her preferences: small settings kept per person in the ``preferences`` table.

Values are stored as text and are not secret (they say how the app looks, never what she
wrote), so they are readable before her journal is unlocked: the discreet title has to be
there on the unlock screen too. An export carries them; delete-all removes them.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlalchemy import select

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.store.database import Database
from drawcloser.store.schema import Preference

DISCREET = "discreet"
REMINDER = "reminder_time"
DEFAULT_REMINDER = time(20, 30)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Preferences:
    discreet: bool = False
    reminder: time = DEFAULT_REMINDER

    def to_dict(self) -> dict[str, Any]:
        return {"discreet": self.discreet, "reminder_time": f"{self.reminder:%H:%M}"}


def clock_time(value: str) -> time:
    """A time of day written HH:MM (24-hour), or BadInput saying how to write it."""
    found = _CLOCK.match(value.strip())
    if found is None:
        raise BadInput(messages.PREF_BAD_TIME.format(value=value))
    return time(int(found.group(1)), int(found.group(2)))


def read(db: Database, owner_id: int) -> Preferences:
    with db.read() as s:
        stored = {
            p.key: p.value
            for p in s.scalars(select(Preference).where(Preference.owner_id == owner_id))
        }
    reminder = DEFAULT_REMINDER
    if REMINDER in stored:
        # An edited import with a bad time falls back rather than breaking every page.
        with contextlib.suppress(BadInput):
            reminder = clock_time(stored[REMINDER])
    return Preferences(discreet=stored.get(DISCREET) == "on", reminder=reminder)


def discreet(db: Database, owner_id: int) -> bool:
    with db.read() as s:
        row = s.get(Preference, (owner_id, DISCREET))
        return row is not None and row.value == "on"


def update(
    db: Database,
    owner_id: int,
    *,
    discreet: bool | None = None,
    reminder: time | None = None,
) -> Preferences:
    """Change what is given (None leaves a preference as it is); returns them all."""
    changes: dict[str, str] = {}
    if discreet is not None:
        changes[DISCREET] = "on" if discreet else "off"
    if reminder is not None:
        changes[REMINDER] = f"{reminder:%H:%M}"
    if changes:
        with db.write() as s:
            for key, value in changes.items():
                row = s.get(Preference, (owner_id, key))
                if row is None:
                    s.add(Preference(owner_id=owner_id, key=key, value=value))
                else:
                    row.value = value
    return read(db, owner_id)
