"""Export everything she wrote (JSON with full fidelity, CSV, Markdown), import the JSON
back, and delete everything.

The JSON holds every row of every table she owns, text decrypted, ids included; an import
re-numbers rows and rewrites the references between them (a remembered item's resurfacing
days, her own actions' keys), so it works in a database that already holds other people.
An import is one transaction: a damaged file or a crash half-way leaves the journal as it was.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Text,
    delete,
    select,
)
from sqlalchemy.orm import Session

from drawcloser import __version__, messages
from drawcloser.errors import BadInput
from drawcloser.practice import actions, checkins, fields, remember
from drawcloser.practice.journal import Journal, rating
from drawcloser.store.schema import (
    SENSITIVE,
    ActionLog,
    Base,
    Chat,
    ChatMessage,
    CheckIn,
    DailyPick,
    HiddenAction,
    OwnAction,
    Preference,
    RememberItem,
    Resurfaced,
    SentMessage,
    Vault,
)

FORMAT = "drawcloser-export"
VERSION = 1
# Order matters on import: what is referred to comes before what refers to it.
SECTIONS: dict[str, type[Base]] = {
    "checkins": CheckIn,
    "sent_messages": SentMessage,
    "remember": RememberItem,
    "resurfaced": Resurfaced,
    "own_actions": OwnAction,
    "hidden_actions": HiddenAction,
    "daily_picks": DailyPick,
    "action_log": ActionLog,
    "preferences": Preference,
    "chats": Chat,
    "chat_messages": ChatMessage,
}


# What an import tells her it brought back, in her words; bookkeeping rows (the day's pick,
# what resurfaced when, hidden actions, preferences) are restored but not counted aloud.
_SAID = {
    "checkins": ("check-in", "check-ins"),
    "sent_messages": ("message logged as sent", "messages logged as sent"),
    "remember": ("quality or memory", "qualities and memories"),
    "own_actions": ("action of your own", "actions of your own"),
    "action_log": ("action done or skipped", "actions done or skipped"),
    "chats": ("chat", "chats"),
    "chat_messages": ("chat message", "chat messages"),
}


def describe_counts(counts: dict[str, int]) -> str:
    """ "3 check-ins, 1 chat, 120 chat messages" — or "nothing" when none of those came."""
    said = [
        f"{counts[name]:,} {one if counts[name] == 1 else many}"
        for name, (one, many) in _SAID.items()
        if counts.get(name)
    ]
    return ", ".join(said) or "nothing"


def export_data(j: Journal) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "exported_at": j.now().isoformat(sep=" "),
    }
    with j.db.read() as s:
        for name, model in SECTIONS.items():
            query = select(model).where(_owner_is(model, j))
            out[name] = [
                _row_dict(j, model, row) for row in s.scalars(query.order_by(*_order(model)))
            ]
    return out


def export_json(j: Journal) -> bytes:
    return json.dumps(export_data(j), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def export_csv(j: Journal) -> bytes:
    """A zip of one CSV file per table (lists and objects as JSON text in their cell)."""
    data = export_data(j)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, model in SECTIONS.items():
            columns = _columns(model)
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            for record in data[name]:
                writer.writerow(
                    [
                        json.dumps(record[c], ensure_ascii=False)
                        if isinstance(record[c], list | dict)
                        else ("" if record[c] is None else record[c])
                        for c in columns
                    ]
                )
            archive.writestr(f"{name}.csv", text.getvalue())
    return buffer.getvalue()


def export_markdown(j: Journal) -> bytes:
    lines = ["# My drawcloser journal", "", f"Exported {j.now():%d %B %Y, %H:%M}.", ""]
    entries = sorted(checkins.entries(j), key=lambda e: e.at)
    lines += ["## Check-ins", ""]
    if not entries:
        lines += ["No check-ins yet.", ""]
    for e in entries:
        lines.append(f"### {e.at:%A %d %B %Y, %H:%M}")
        lines.append("")
        lines.append(
            f"Warmth {e.warmth:+d}, openness {e.openness:+d}"
            + (f" · tags: {', '.join(e.tags)}" if e.tags else "")
        )
        lines.append("")
        for title, value in (
            ("What happened", e.happened),
            ("What I said", e.said),
            ("How he responded", e.response),
        ):
            if value:
                lines += [f"**{title}:** {value}", ""]
        if e.said_verdict:
            lines += [f"*The check read what I said as {e.said_verdict}.*", ""]
    lines += ["## Remember who we were", ""]
    items = remember.items(j)
    if not items:
        lines += ["Nothing written yet.", ""]
    for kind, heading in remember.KINDS.items():
        mine = [i for i in items if i.kind == kind]
        if mine:
            lines += [f"### {heading}", ""] + [f"- {i.text}" for i in mine] + [""]
    lines += ["## Small actions", ""]
    titles = {a.key: a.text for a in actions.catalogue(j)}
    logged = actions.history(j)
    if not logged:
        lines += ["No actions logged yet.", ""]
    for entry in logged:
        title = titles.get(entry.key, entry.key)
        extra = f" — {entry.response}" if entry.response else ""
        lines.append(f"- {entry.day:%d %b %Y}: {entry.status}: {title}{extra}")
    lines.append("")
    return "\n".join(lines).encode("utf-8")


EXPORTERS: dict[str, Callable[[Journal], bytes]] = {
    "json": export_json,
    "csv": export_csv,
    "markdown": export_markdown,
}


def is_export(raw: bytes) -> bool:
    """Whether these bytes start like a drawcloser JSON export (cheap sniff)."""
    head = raw[:4096].decode("utf-8", "ignore")
    return head.lstrip("\ufeff \t\r\n").startswith("{") and f'"{FORMAT}"' in head


def import_file(j: Journal, path: Path, *, replace: bool = False) -> dict[str, int]:
    from drawcloser.inputs import decode, open_file

    with open_file(path) as fh:
        raw = fh.read()
    try:
        data = json.loads(decode(raw, str(path)))
    except json.JSONDecodeError as exc:
        raise BadInput(
            messages.IMPORT_INVALID.format(
                path=path, reason=f"not valid JSON ({exc.msg}, line {exc.lineno})"
            )
        ) from None
    return import_data(j, data, replace=replace, where=str(path))


def import_data(
    j: Journal, data: Any, *, replace: bool = False, where: str = "the file"
) -> dict[str, int]:
    """Restore an export into her journal; returns how many rows of each kind landed."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(messages.IMPORT_NOT_EXPORT.format(path=where))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadInput(messages.IMPORT_INVALID.format(path=where, reason="no version"))
    if version > VERSION:
        raise BadInput(messages.IMPORT_VERSION.format(path=where, version=version))
    records = {name: _records(data, name, where) for name in SECTIONS}
    counts: dict[str, int] = {}
    with j.db.write() as s:
        if _has_rows(s, j):
            if not replace:
                raise BadInput(messages.IMPORT_NOT_EMPTY)
            _delete_rows(s, j, keep_lock=True)
        item_ids: dict[int, int] = {}
        chat_ids: dict[int, int] = {}
        own_keys: dict[str, str] = {}
        for name, model in SECTIONS.items():
            counts[name] = 0
            for n, record in enumerate(records[name], 1):
                try:
                    row = _build(j, model, record, item_ids, own_keys, chat_ids)
                except BadInput as exc:
                    raise BadInput(
                        messages.IMPORT_INVALID.format(path=where, reason=f"{name} #{n}: {exc}")
                    ) from None
                if row is None:
                    continue
                old_id: Any = record.get("id")
                s.add(row)
                if isinstance(row, RememberItem | OwnAction | Chat):
                    s.flush()
                    if isinstance(row, RememberItem):
                        item_ids[old_id] = row.id
                    elif isinstance(row, Chat):
                        chat_ids[old_id] = row.id
                    else:
                        prefix = actions.OWN_PREFIX
                        own_keys[f"{prefix}{old_id}"] = f"{prefix}{row.id}"
                counts[name] += 1
    return counts


def delete_all(j: Journal) -> None:
    """Everything she owns, the lock included, and then the freed space is wiped."""
    with j.db.write() as s:
        _delete_rows(s, j, keep_lock=False)
    j.db.compact()
    from drawcloser.store.vault import PLAIN

    j.codec = PLAIN


def is_empty(j: Journal) -> bool:
    with j.db.read() as s:
        return not _has_rows(s, j)


def _has_rows(s: Session, j: Journal) -> bool:
    return any(
        s.scalar(select(model).where(_owner_is(model, j)).limit(1)) is not None
        for model in SECTIONS.values()
    )


def _delete_rows(s: Session, j: Journal, *, keep_lock: bool) -> None:
    for model in reversed(list(SECTIONS.values())):
        s.execute(delete(model).where(model.owner_id == j.owner_id))  # type: ignore[attr-defined]
    if not keep_lock:
        s.execute(delete(Vault).where(Vault.owner_id == j.owner_id))


def _owner_is(model: type[Base], j: Journal) -> Any:
    column: Any = getattr(model, "owner_id")  # noqa: B009 - every exported table has one
    return column == j.owner_id


def _table(model: type[Base]) -> Any:
    return model.__table__


def _columns(model: type[Base]) -> list[str]:
    return [c.name for c in _table(model).columns if c.name != "owner_id"]


def _order(model: type[Base]) -> list[Any]:
    return list(_table(model).primary_key.columns)


def _row_dict(j: Journal, model: type[Base], row: Any) -> dict[str, Any]:
    sensitive = SENSITIVE.get(model, ())
    out: dict[str, Any] = {}
    for column in _table(model).columns:
        if column.name == "owner_id":
            continue
        value = getattr(row, column.name)
        if column.name in sensitive:
            value = [j.decode(v) for v in value] if isinstance(value, list) else j.decode(value)
        elif isinstance(value, datetime):
            value = value.isoformat(sep=" ")
        elif isinstance(value, date):
            value = value.isoformat()
        out[column.name] = value
    return out


def _records(data: dict[str, Any], name: str, where: str) -> list[dict[str, Any]]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise BadInput(
            messages.IMPORT_INVALID.format(path=where, reason=f"'{name}' is not a list of records")
        )
    return value


def _build(
    j: Journal,
    model: type[Base],
    record: dict[str, Any],
    item_ids: dict[int, int],
    own_keys: dict[str, str],
    chat_ids: dict[int, int],
) -> Base | None:
    columns = {c.name: c for c in _table(model).columns if c.name != "owner_id"}
    unknown = set(record) - set(columns)
    if unknown:
        raise BadInput(f"unknown field {sorted(unknown)[0]!r}")
    values: dict[str, Any] = {}
    for name, column in columns.items():
        if name == "id" and name in record:
            if not isinstance(record[name], int) or isinstance(record[name], bool):
                raise BadInput("'id' must be a whole number")
            continue  # re-numbered on the way in
        if name not in record:
            if column.nullable or column.default is not None:
                continue
            raise BadInput(f"'{name}' is missing")
        values[name] = _typed(name, column.type, record[name], column.nullable)
    _semantics(model, values)
    if model is Resurfaced:
        if values["item_id"] not in item_ids:
            return None  # the item it pointed to is not in the file; the day is simply unset
        values["item_id"] = item_ids[values["item_id"]]
    if model is Chat or model is ChatMessage:
        _chat_digests(j, model, values, chat_ids)
    if "action_key" in values:
        values["action_key"] = own_keys.get(values["action_key"], values["action_key"])
    for name in SENSITIVE.get(model, ()):
        if isinstance(values.get(name), list):
            values[name] = [j.encode(v) for v in values[name]]
        elif name in values:
            values[name] = j.encode(values[name])
    return model(owner_id=j.owner_id, **values)


def _chat_digests(
    j: Journal, model: type[Base], values: dict[str, Any], chat_ids: dict[int, int]
) -> None:
    """Digests are keyed by this journal's key: computed afresh, never taken from the file."""
    from drawcloser.chats.store import fingerprint, identity

    if model is Chat:
        values["identity"] = identity(
            j.codec, values["format"], values["me"], values["him"], values.get("conversation", "")
        )
        return
    if values["chat_id"] not in chat_ids:
        raise BadInput("a message of a chat that is not in the file")
    values["chat_id"] = chat_ids[values["chat_id"]]
    values["fingerprint"] = fingerprint(
        j.codec, values["sent_at"], values["from_me"], values.get("seq", 0), values["text"]
    )


def _typed(name: str, kind: Any, value: Any, nullable: bool) -> Any:
    if value is None:
        if nullable:
            return None
        raise BadInput(f"'{name}' cannot be empty")
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise BadInput(f"'{name}' must be a date and time")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise BadInput(f"'{name}' is not a date and time: {value!r}") from None
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise BadInput(f"'{name}' must be a date")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadInput(f"'{name}' is not a date: {value!r}") from None
    if isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadInput(f"'{name}' must be a whole number")
        return value
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise BadInput(f"'{name}' must be text")
        if isinstance(kind, String) and kind.length and len(value) > kind.length:
            raise BadInput(f"'{name}' is too long")
        return value
    if isinstance(kind, JSON):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadInput(f"'{name}' must be a list of words")
        return value
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise BadInput(f"'{name}' must be true or false")
        return value
    if isinstance(kind, LargeBinary):
        raise BadInput(f"'{name}' cannot be imported")
    return value


def _semantics(model: type[Base], v: dict[str, Any]) -> None:
    """The same rules the journal applies when she types, so an edited file cannot smuggle
    in a rating of 7 or an unknown need."""
    if model is CheckIn:
        rating(v["warmth"], "Warmth")
        rating(v["openness"], "Openness")
        v["tags"] = fields.tags(v.get("tags") or [])
    elif model is RememberItem and v["kind"] not in remember.KINDS:
        raise BadInput(
            messages.REMEMBER_KIND.format(known=", ".join(remember.KINDS), value=v["kind"])
        )
    elif model is OwnAction:
        v["needs"] = list(actions.needs_of(v["needs"]))
        actions.effort_of(v["effort"])
    elif model is ActionLog:
        if v["status"] not in actions.STATUSES:
            raise BadInput(f"unknown status {v['status']!r}")
        if v.get("reaction") is not None:
            rating(v["reaction"], "His reaction")
    if model is not ChatMessage:  # an imported chat message may be longer than a note
        for key in ("happened", "said", "response", "text"):
            if isinstance(v.get(key), str):
                fields.text(v[key], key)
