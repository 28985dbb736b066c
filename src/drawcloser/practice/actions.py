"""One small thing today: the actions library, her own actions, and the daily suggestion.

The suggestion leans toward the need served least in the last seven days (important, seen,
valued, respected, loved), skips what she hid and what came up in the last two weeks, and is
kept for the day once chosen, so the CLI and the web page agree.
"""

from __future__ import annotations

import tomllib
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy import delete as sql_delete

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.practice import fields
from drawcloser.practice.journal import Journal, rating
from drawcloser.store.schema import ActionLog, DailyPick, HiddenAction, OwnAction

NEEDS = ("important", "seen", "valued", "respected", "loved")
EFFORTS = {"minute": "a minute", "ten-minutes": "ten minutes", "evening": "an evening"}
STATUSES = ("done", "skipped")
RECENT_DAYS = 14  # an action shown or logged this recently is not suggested again
BALANCE_DAYS = 7  # needs are balanced over this window
OWN_PREFIX = "own-"
LIBRARY = Path(__file__).with_name("data") / "actions.toml"


@dataclass(frozen=True)
class Action:
    key: str
    text: str
    why: str
    needs: tuple[str, ...]
    effort: str
    own: bool = False
    hidden: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "why": self.why,
            "needs": list(self.needs),
            "effort": self.effort,
            "effort_words": EFFORTS[self.effort],
            "own": self.own,
            "hidden": self.hidden,
        }


@dataclass
class Logged:
    day: date
    key: str
    status: str
    needs: list[str]
    response: str
    reaction: int | None
    logged_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "key": self.key,
            "status": self.status,
            "needs": self.needs,
            "response": self.response,
            "reaction": self.reaction,
            "logged_at": self.logged_at.isoformat(sep=" "),
        }


@dataclass
class Suggestion:
    day: date
    action: Action
    focus: str  # the need it was chosen for
    log: Logged | None  # what she logged for it today, if anything

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "action": self.action.to_dict(),
            "focus": self.focus,
            "log": self.log.to_dict() if self.log else None,
        }


@cache
def built_in() -> tuple[Action, ...]:
    with LIBRARY.open("rb") as fh:
        rows = tomllib.load(fh)["action"]
    return tuple(
        Action(r["key"], r["text"], r.get("why", ""), tuple(r["needs"]), r["effort"]) for r in rows
    )


def needs_of(values: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    cleaned: list[str] = []
    for v in values:
        need = v.strip().lower()
        if need not in NEEDS:
            raise BadInput(messages.ACTION_NEED.format(known=", ".join(NEEDS), value=v))
        if need not in cleaned:
            cleaned.append(need)
    if not cleaned:
        raise BadInput(messages.ACTION_NO_NEED)
    return tuple(cleaned)


def effort_of(value: str) -> str:
    if value not in EFFORTS:
        raise BadInput(messages.ACTION_EFFORT.format(known=", ".join(EFFORTS), value=value))
    return value


def catalogue(
    j: Journal,
    *,
    need: str | None = None,
    effort: str | None = None,
    include_hidden: bool = True,
) -> list[Action]:
    """The library and her own actions, each marked hidden or not."""
    if need is not None:
        need = needs_of([need])[0]
    if effort is not None:
        effort = effort_of(effort)
    with j.db.read() as s:
        every = _catalogue(s, j)
    found: list[Action] = []
    for marked in every:
        if not include_hidden and marked.hidden:
            continue
        if need is not None and need not in marked.needs:
            continue
        if effort is not None and marked.effort != effort:
            continue
        found.append(marked)
    return found


# Every Today page runs these: built once, since building a statement costs more than
# running it (SQLAlchemy then reuses its compiled form).
_HIDDEN_KEYS = select(HiddenAction.action_key).where(HiddenAction.owner_id == bindparam("owner"))
_OWN = select(OwnAction).where(OwnAction.owner_id == bindparam("owner")).order_by(OwnAction.id)
_LOGGED_SINCE = select(ActionLog).where(
    ActionLog.owner_id == bindparam("owner"),
    ActionLog.day >= bindparam("since"),
    ActionLog.day <= bindparam("day"),
)


def _catalogue(s: Any, j: Journal) -> list[Action]:
    """Her own actions and the library's, each marked hidden or not, read in ``s``."""
    hidden = set(s.scalars(_HIDDEN_KEYS, {"owner": j.owner_id}))
    own = [_own(j, r) for r in s.scalars(_OWN, {"owner": j.owner_id})]
    # The library's actions are shared and frozen: only a hidden one needs a copy.
    return [
        replace(action, hidden=True) if action.key in hidden else action
        for action in [*own, *built_in()]
    ]


def find(j: Journal, key: str) -> Action:
    for action in catalogue(j):
        if action.key == key:
            return action
    raise BadInput(messages.ACTION_UNKNOWN.format(key=key))


def add_own(j: Journal, text: str, needs: list[str] | tuple[str, ...], effort: str) -> Action:
    cleaned = fields.text(text, "The action")
    if not cleaned:
        raise BadInput(messages.ACTION_EMPTY)
    row = OwnAction(
        owner_id=j.owner_id,
        text=j.encode(cleaned),
        needs=list(needs_of(needs)),
        effort=effort_of(effort),
        created_at=j.now(),
    )
    with j.db.write() as s:
        s.add(row)
        s.flush()
        return _own(j, row)


def delete_own(j: Journal, key: str) -> None:
    action = find(j, key)
    if not action.own:
        raise BadInput(messages.ACTION_NOT_OWN.format(key=key))
    with j.db.write() as s:
        s.execute(
            sql_delete(OwnAction).where(
                OwnAction.owner_id == j.owner_id, OwnAction.id == int(key[len(OWN_PREFIX) :])
            )
        )
        s.execute(sql_delete(HiddenAction).where(_hidden_is(j, key)))
        s.execute(
            sql_delete(DailyPick).where(
                DailyPick.owner_id == j.owner_id, DailyPick.action_key == key
            )
        )


def hide(j: Journal, key: str, hidden: bool = True) -> Action:
    action = find(j, key)
    with j.db.write() as s:
        s.execute(sql_delete(HiddenAction).where(_hidden_is(j, key)))
        if hidden:
            s.add(HiddenAction(owner_id=j.owner_id, action_key=key))
    return replace(action, hidden=hidden)


def suggest(j: Journal, day: date | None = None, *, another: bool = False) -> Suggestion:
    """Today's small action; ``another`` swaps it for the next best (nothing is logged)."""
    day = day or j.today()
    with j.db.read() as s:
        actions = {a.key: a for a in _catalogue(s, j)}
        # Most calls find the day's pick already made: answer them without a write lock.
        found = None if another else _picked(s, j, day, actions)
    if found is not None:
        return found
    with j.db.write() as s:
        pick = s.get(DailyPick, (j.owner_id, day))
        if pick is not None and not another and pick.action_key in actions:
            action = actions[pick.action_key]
            return Suggestion(
                day, action, _focus(s, j, day, action), _log_of(s, j, day, action.key)
            )
        coverage = _coverage(s, j, day)
        recent = _recent_keys(s, j, day, RECENT_DAYS)
        week = _recent_keys(s, j, day, BALANCE_DAYS)
        if pick is not None:
            recent.add(pick.action_key)
            week.add(pick.action_key)
        visible = [a for a in actions.values() if not a.hidden]
        action, focus = _choose(j, day, visible, (recent, week), coverage)
        if pick is None:
            s.add(DailyPick(owner_id=j.owner_id, day=day, action_key=action.key))
        else:
            pick.action_key = action.key
        return Suggestion(day, action, focus, _log_of(s, j, day, action.key))


def picked(s: Any, j: Journal, day: date) -> Suggestion | None:
    """The day's suggestion when it has been chosen already, read in ``s`` (a read
    session her page shares); None when ``suggest`` has to choose it."""
    return _picked(s, j, day, {a.key: a for a in _catalogue(s, j)})


def _picked(s: Any, j: Journal, day: date, actions: dict[str, Action]) -> Suggestion | None:
    pick = s.get(DailyPick, (j.owner_id, day))
    if pick is None or pick.action_key not in actions:
        return None
    action = actions[pick.action_key]
    # The week before the day (the focus, as _focus reads it) and the day itself (her log of
    # this action), in one query.
    since = day - timedelta(days=BALANCE_DAYS)
    rows = s.scalars(_LOGGED_SINCE, {"owner": j.owner_id, "since": since, "day": day}).all()
    coverage = Counter(n for r in rows if r.status == "done" and r.day < day for n in r.needs)
    logged = next((r for r in rows if r.day == day and r.action_key == action.key), None)
    return Suggestion(
        day,
        action,
        _focus_of(action, coverage),
        _logged(j, logged) if logged is not None else None,
    )


def log(
    j: Journal,
    status: str,
    *,
    day: date | None = None,
    key: str | None = None,
    response: str = "",
    reaction: int | None = None,
) -> Logged:
    """Log that she did (or skipped) an action; logging the same action again that day
    updates the entry. Without ``key`` it is the day's suggestion."""
    if status not in STATUSES:
        raise BadInput(messages.ACTION_STATUS.format(known=", ".join(STATUSES), value=status))
    day = day or j.today()
    if day > j.today():
        raise BadInput(messages.DATE_FUTURE.format(value=day.isoformat()))
    action = find(j, key) if key else suggest(j, day).action
    text = fields.text(response, "How he responded")
    if reaction is not None:
        reaction = rating(reaction, "His reaction")
    with j.db.write() as s:
        row = s.scalar(
            select(ActionLog).where(
                ActionLog.owner_id == j.owner_id,
                ActionLog.day == day,
                ActionLog.action_key == action.key,
            )
        )
        if row is None:
            row = ActionLog(owner_id=j.owner_id, day=day, action_key=action.key)
            s.add(row)
        row.status, row.needs = status, list(action.needs)
        row.response, row.reaction, row.logged_at = j.encode(text), reaction, j.now()
        s.flush()
        return _logged(j, row)


def history(j: Journal, since: date | None = None, until: date | None = None) -> list[Logged]:
    query = select(ActionLog).where(ActionLog.owner_id == j.owner_id)
    if since is not None:
        query = query.where(ActionLog.day >= since)
    if until is not None:
        query = query.where(ActionLog.day <= until)
    with j.db.read() as s:
        return [_logged(j, r) for r in s.scalars(query.order_by(ActionLog.day, ActionLog.id))]


def _choose(
    j: Journal,
    day: date,
    visible: list[Action],
    recent: tuple[set[str], set[str]],
    coverage: Counter[str],
) -> tuple[Action, str]:
    if not visible:
        raise BadInput(messages.ACTION_NOTHING_LEFT)
    # Nothing from the last two weeks; if her list is short, nothing from the last week;
    # if it is tiny, repeating beats suggesting nothing.
    fresh = (
        [a for a in visible if a.key not in recent[0]]
        or [a for a in visible if a.key not in recent[1]]
        or visible
    )
    # The need least served lately; ties rotate with the day so no need always wins.
    order = sorted(NEEDS, key=lambda n: (coverage[n], (NEEDS.index(n) - day.toordinal()) % 5))
    weekend = day.weekday() >= 4
    for need in order:
        serving = [a for a in fresh if need in a.needs]
        if not serving:
            continue
        # Short actions on weekdays; an evening's plan only from Friday to Sunday.
        fitting = [a for a in serving if weekend or a.effort != "evening"] or serving
        return min(fitting, key=lambda a: _spread(j, day, a.key)), need
    return min(fresh, key=lambda a: _spread(j, day, a.key)), fresh[0].needs[0]


def _spread(j: Journal, day: date, key: str) -> int:
    return zlib.crc32(f"{j.owner_id}:{day.isoformat()}:{key}".encode())


def _coverage(s: Any, j: Journal, day: date) -> Counter[str]:
    since = day - timedelta(days=BALANCE_DAYS - 1)
    rows = s.scalars(
        select(ActionLog).where(
            ActionLog.owner_id == j.owner_id,
            ActionLog.status == "done",
            ActionLog.day >= since,
            ActionLog.day <= day,
        )
    )
    return Counter(n for r in rows for n in r.needs)


def _recent_keys(s: Any, j: Journal, day: date, days: int) -> set[str]:
    since = day - timedelta(days=days)
    picked = s.scalars(
        select(DailyPick.action_key).where(
            DailyPick.owner_id == j.owner_id, DailyPick.day >= since, DailyPick.day < day
        )
    )
    logged = s.scalars(
        select(ActionLog.action_key).where(
            ActionLog.owner_id == j.owner_id, ActionLog.day >= since, ActionLog.day <= day
        )
    )
    return set(picked) | set(logged)


def _focus(s: Any, j: Journal, day: date, action: Action) -> str:
    return _focus_of(action, _coverage(s, j, day - timedelta(days=1)))


def _focus_of(action: Action, coverage: Counter[str]) -> str:
    return min(action.needs, key=lambda n: (coverage[n], NEEDS.index(n)))


def _log_of(s: Any, j: Journal, day: date, key: str) -> Logged | None:
    row = s.scalar(
        select(ActionLog).where(
            ActionLog.owner_id == j.owner_id, ActionLog.day == day, ActionLog.action_key == key
        )
    )
    return _logged(j, row) if row is not None else None


def _own(j: Journal, row: OwnAction) -> Action:
    return Action(
        f"{OWN_PREFIX}{row.id}", j.decode(row.text), "", tuple(row.needs), row.effort, own=True
    )


def _hidden_is(j: Journal, key: str) -> Any:
    return (HiddenAction.owner_id == j.owner_id) & (HiddenAction.action_key == key)


def _logged(j: Journal, row: ActionLog) -> Logged:
    return Logged(
        row.day,
        row.action_key,
        row.status,
        list(row.needs or []),
        j.decode(row.response),
        row.reaction,
        row.logged_at,
    )
