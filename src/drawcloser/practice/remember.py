"""Remember who we were: qualities he adored in her, qualities she loves in him, memories.

Each day one item resurfaces. The choice is kept for the day, and rotates: the item shown
longest ago (or never) comes next, so nothing repeats within a week while others remain.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, select

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.practice import fields
from drawcloser.practice.journal import Journal
from drawcloser.store.schema import RememberItem, Resurfaced

KINDS: dict[str, str] = {
    "he-loved": "What he adored in you",
    "i-love": "What you love in him",
    "memory": "A memory you share",
}


@dataclass
class Item:
    id: int
    kind: str
    text: str
    created_at: datetime
    updated_at: datetime

    @property
    def heading(self) -> str:
        return KINDS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "heading": self.heading,
            "text": self.text,
            "created_at": self.created_at.isoformat(sep=" "),
            "updated_at": self.updated_at.isoformat(sep=" "),
        }


def _kind(value: str) -> str:
    if value not in KINDS:
        raise BadInput(messages.REMEMBER_KIND.format(known=", ".join(KINDS), value=value))
    return value


def _text(value: str) -> str:
    cleaned = fields.text(value, "The text")
    if not cleaned:
        raise BadInput(messages.REMEMBER_EMPTY)
    return cleaned


def add(j: Journal, kind: str, text: str) -> Item:
    now = j.now()
    row = RememberItem(
        owner_id=j.owner_id,
        kind=_kind(kind),
        text=j.encode(_text(text)),
        created_at=now,
        updated_at=now,
    )
    with j.db.write() as s:
        s.add(row)
        s.flush()
        return _item(j, row)


def edit(j: Journal, item_id: int, *, text: str | None = None, kind: str | None = None) -> Item:
    with j.db.write() as s:
        row = _row(s, j, item_id)
        if text is not None:
            row.text = j.encode(_text(text))
        if kind is not None:
            row.kind = _kind(kind)
        row.updated_at = j.now()
        return _item(j, row)


def delete(j: Journal, item_id: int) -> None:
    with j.db.write() as s:
        s.delete(_row(s, j, item_id))


def items(j: Journal, kind: str | None = None) -> list[Item]:
    query = select(RememberItem).where(RememberItem.owner_id == j.owner_id)
    if kind is not None:
        query = query.where(RememberItem.kind == _kind(kind))
    with j.db.read() as s:
        return [_item(j, r) for r in s.scalars(query.order_by(RememberItem.id))]


def resurface(j: Journal, day: date | None = None) -> Item | None:
    """The item for ``day`` (default today), chosen once and then kept for that day."""
    day = day or j.today()
    with j.db.read() as s:  # usually already chosen today: no write lock needed
        found = day_item(s, j, day)
    if found is not None:
        return found.item
    with j.db.write() as s:
        kept = s.get(Resurfaced, (j.owner_id, day))
        if kept is not None:
            row = s.get(RememberItem, kept.item_id)
            if row is not None:
                return _item(j, row)
        ids = list(s.scalars(select(RememberItem.id).where(RememberItem.owner_id == j.owner_id)))
        if not ids:
            return None
        last_shown = dict(
            s.execute(
                select(Resurfaced.item_id, func.max(Resurfaced.day))
                .where(Resurfaced.owner_id == j.owner_id, Resurfaced.day < day)
                .group_by(Resurfaced.item_id)
            ).all()
        )
        chosen = min(ids, key=lambda i: _order(i, day, last_shown.get(i)))
        if kept is None:
            s.add(Resurfaced(owner_id=j.owner_id, day=day, item_id=chosen))
        else:
            kept.item_id = chosen
        return _item(j, s.get_one(RememberItem, chosen))


@dataclass(frozen=True)
class Kept:
    """What ``day_item`` found: the day's item (None: her lists are empty)."""

    item: Item | None


# Every Today page runs these: built once, since building a statement costs more than
# running it.
_KEPT = (
    select(RememberItem)
    .join(Resurfaced, Resurfaced.item_id == RememberItem.id)
    .where(Resurfaced.owner_id == bindparam("owner"), Resurfaced.day == bindparam("day"))
)
_ANY_ITEM = select(RememberItem.id).where(RememberItem.owner_id == bindparam("owner")).limit(1)


def day_item(s: Any, j: Journal, day: date) -> Kept | None:
    """The day's item when ``resurface`` has nothing to choose (chosen already, or her
    lists are empty), read in ``s`` (a read session her page shares); None otherwise."""
    row = s.scalar(_KEPT, {"owner": j.owner_id, "day": day})
    if row is not None:
        return Kept(_item(j, row))
    has_items = s.scalar(_ANY_ITEM, {"owner": j.owner_id})
    return Kept(None) if has_items is None else None


def _order(item_id: int, day: date, shown: date | None) -> tuple[int, int, int]:
    # Never shown first, then the one shown longest ago; a per-day hash breaks ties, so
    # a new list does not always open with the same item.
    age = (day - shown).days if shown is not None else 10**6
    return (-age, zlib.crc32(f"{day.isoformat()}:{item_id}".encode()), item_id)


def _row(s: Any, j: Journal, item_id: int) -> RememberItem:
    row = s.get(RememberItem, item_id)
    if row is None or row.owner_id != j.owner_id:
        raise BadInput(messages.REMEMBER_UNKNOWN.format(id=item_id))
    return row  # type: ignore[no-any-return]


def _item(j: Journal, row: RememberItem) -> Item:
    return Item(row.id, row.kind, j.decode(row.text), row.created_at, row.updated_at)
