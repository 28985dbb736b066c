"""Storing an imported chat: which sender is her, idempotently, checked in batches.

A re-import of the same file adds nothing, and a later export that overlaps adds only what
is new: each message is recognised by a keyed digest of its time, sender, text and ``seq``
(which of several identical messages in the same minute it is). The whole import is one
transaction, so a malformed line half-way through a file stores nothing.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from drawcloser import messages
from drawcloser.chats.detect import open_export
from drawcloser.chats.parsed import ChatSource, Conversation, ParsedMessage
from drawcloser.chats.reading import Reader, Reading
from drawcloser.errors import BadInput
from drawcloser.practice.journal import Journal
from drawcloser.store.schema import Chat, ChatMessage
from drawcloser.store.vault import FieldCodec

BATCH = 2000
_TABLE: Any = ChatMessage.__table__
CHECK_LIMIT = 20_000  # the check's own limit; a longer message is read by its start
_CACHE_MAX = 50_000  # identical short messages ("ok", "love you") are checked once


# A batch on its way: new messages, readings known already, texts sent to the check, result.
_Fresh = list[tuple[ParsedMessage, int, bool, str]]  # message, seq, from her, fingerprint
_Pending = tuple[_Fresh, dict[str, Reading], list[str], Future[list[Reading]]]


class ChoiceNeeded(BadInput):
    """She has to say which conversation, or which sender is her."""

    def __init__(self, message: str, options: list[str]) -> None:
        super().__init__(message)
        self.options = options


@dataclass
class Plan:
    """What is in the file, before anything is stored."""

    source: ChatSource
    conversation: str | None
    title: str | None
    senders: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.senders)


@dataclass
class ChatSummary:
    id: int
    format: str
    title: str
    me: str
    him: str
    messages: int
    first: datetime | None
    last: datetime | None

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("first", "last"):
            out[key] = out[key].isoformat(sep=" ") if out[key] else None
        return out


@dataclass
class Imported:
    chat: ChatSummary
    added: int
    already_there: int
    new_chat: bool
    safety_flagged: int


def plan(path: Path, conversation: str | None = None) -> Plan:
    source = open_export(path)
    if source.is_group:
        raise BadInput(messages.CHAT_GROUP.format(path=path))
    # One streaming pass counts both conversations and senders.
    counts = Counter((m.conversation, m.sender) for m in source.messages())
    per_conversation: Counter[str | None] = Counter()
    for (key, _), n in counts.items():
        per_conversation[key] += n
    found = sorted(
        (
            Conversation(key, source.title if key is None else source.reader.title_of(key), n)
            for key, n in per_conversation.items()
        ),
        key=lambda c: (-c.messages, c.key or ""),
    )
    if not found:
        raise BadInput(messages.CHAT_NO_MESSAGES.format(path=path))
    chosen = _conversation(found, conversation, path)
    senders = sorted(
        ((sender, n) for (key, sender), n in counts.items() if key == chosen.key),
        key=lambda item: (-item[1], item[0]),
    )
    if len(senders) > 2:
        raise BadInput(
            messages.CHAT_GROUP_SENDERS.format(
                path=path, count=len(senders), names=", ".join(n for n, _ in senders[:5])
            )
        )
    return Plan(source, chosen.key, chosen.title or source.title, senders)


def _conversation(found: list[Conversation], wanted: str | None, path: Path) -> Conversation:
    if len(found) == 1 and wanted is None:
        return found[0]
    labels = [c.key or c.title or "" for c in found]
    shown = ", ".join(
        f"{c.title} ({c.key})" if c.title and c.key and c.title != c.key else (c.key or "")
        for c in found
    )
    if wanted is None:
        raise ChoiceNeeded(
            messages.CHAT_WHICH_CONVERSATION.format(path=path, count=len(found), names=shown),
            labels,
        )
    for c in found:
        if wanted.casefold() in {(c.key or "").casefold(), (c.title or "").casefold()}:
            return c
    raise ChoiceNeeded(messages.CHAT_NO_SUCH_CONVERSATION.format(name=wanted), labels)


def who_is_who(p: Plan, me: str | None) -> tuple[str, str]:
    """(her sender name, his) — from ``me``, which must be one of the senders."""
    names = [n for n, _ in p.senders]
    if me is None and p.source.own_sender in names:
        me = p.source.own_sender  # the export marks which messages she sent: nothing to ask
    if me is None:
        raise ChoiceNeeded(messages.CHAT_WHO_IS_ME.format(names=", ".join(names)), names)
    matches = [n for n in names if n.casefold() == me.strip().casefold()]
    if not matches:
        raise ChoiceNeeded(messages.CHAT_ME_NOT_FOUND.format(me=me, names=", ".join(names)), names)
    her = matches[0]
    others = [n for n in names if n != her]
    return her, others[0] if others else (p.title or "him")


def identity(codec: FieldCodec, fmt: str, me: str, him: str, conversation: str) -> str:
    return codec.digest("\x1f".join(("chat", fmt, me, him, conversation)))


def fingerprint(codec: FieldCodec, sent_at: datetime, from_me: bool, seq: int, text: str) -> str:
    stamp = sent_at.isoformat(sep=" ")
    return codec.digest("\x1f".join(("msg", stamp, "me" if from_me else "him", str(seq), text)))


def import_chat(
    j: Journal,
    p: Plan,
    me: str,
    him: str,
    progress: Callable[[int], None] | None = None,
    reader: Reader | None = None,
) -> Imported:
    """Store the plan's messages, each read by the check (``reader``: serial by default; see
    ``chats.reading.reader_for``). Raises BadInput, with nothing stored, for a malformed file."""
    conversation = p.conversation or ""
    ident = identity(j.codec, p.source.format, me, him, conversation)
    now = j.now()
    cache: dict[str, Reading] = {}
    added = existing = flagged = 0
    with j.db.write() as s:
        chat = s.scalar(select(Chat).where(Chat.owner_id == j.owner_id, Chat.identity == ident))
        new_chat = chat is None
        if chat is None:
            chat = Chat(
                owner_id=j.owner_id,
                format=p.source.format,
                identity=ident,
                title=j.encode(p.title or ""),
                me=j.encode(me),
                him=j.encode(him),
                conversation=j.encode(conversation),
                created_at=now,
                updated_at=now,
            )
            s.add(chat)
            s.flush()
        known = set(
            s.scalars(select(ChatMessage.fingerprint).where(ChatMessage.chat_id == chat.id))
        )
        reader = reader or Reader(j.check)
        # Up to one batch per worker is being checked while the oldest is stored, in order.
        pending: deque[_Pending] = deque()

        def store_oldest() -> None:
            nonlocal added, flagged
            fresh, known_reads, todo, future = pending.popleft()
            known_reads.update(zip(todo, future.result(), strict=True))
            rows = []
            for m, seq, from_me, fp in fresh:
                read = None if _unchecked(m) else known_reads[m.text[:CHECK_LIMIT]]
                flagged += bool(read and read["safety"] and from_me)
                rows.append(
                    {
                        "chat_id": chat.id,
                        "owner_id": j.owner_id,
                        "sent_at": m.sent_at,
                        "from_me": from_me,
                        "text": j.encode(m.text),
                        "media": m.media,
                        "seq": seq,
                        "fingerprint": fp,
                        "verdict": read["verdict"] if read else None,
                        "score": read["score"] if read else 0,
                        "labels": read["labels"] if read else [],
                        "pull_count": read["pull"] if read else 0,
                        "push_count": read["push"] if read else 0,
                        "safety": bool(read and read["safety"]),
                    }
                )
            if len(cache) + len(todo) > _CACHE_MAX:
                cache.clear()  # bounded: a huge file of distinct messages costs no memory
            cache.update((t, known_reads[t]) for t in todo)
            if rows:
                # Core, not the ORM: one executemany per batch, nothing kept in the session.
                s.connection().execute(_TABLE.insert(), rows)
            added += len(rows)
            if progress is not None:
                progress(len(fresh) + skipped.pop(0))

        skipped: list[int] = []
        try:
            for batch in _batches(_sequenced(p, me), BATCH):
                fresh = []
                for m, seq in batch:
                    from_me = m.sender == me
                    fp = fingerprint(j.codec, m.sent_at, from_me, seq, m.text)
                    if fp in known:
                        existing += 1
                        continue
                    known.add(fp)
                    fresh.append((m, seq, from_me, fp))
                texts = {m.text[:CHECK_LIMIT] for m, *_ in fresh if not _unchecked(m)}
                # What the cache knows now travels with the batch: the cache may be cleared
                # before this batch is stored.
                known_reads = {t: cache[t] for t in texts if t in cache}
                todo = sorted(texts - known_reads.keys())
                skipped.append(len(batch) - len(fresh))
                pending.append((fresh, known_reads, todo, reader.submit(todo)))
                if len(pending) > reader.workers:
                    store_oldest()
            while pending:
                store_oldest()
        finally:
            reader.close()
        chat.updated_at = now
        summary = _summary(s, j, chat)
    return Imported(summary, added, existing, new_chat, flagged)


def _sequenced(p: Plan, me: str) -> Iterator[tuple[ParsedMessage, int]]:
    """Each message with its ``seq``: 0, or n for the n-th repeat of the same message in the
    same minute. Only the current timestamp is remembered, so a huge file costs no memory."""
    stamp: datetime | None = None
    seen: dict[tuple[str, str], int] = {}
    for m in p.source.messages(p.conversation):
        if m.sent_at != stamp:
            stamp, seen = m.sent_at, {}
        key = (m.sender, m.text)
        seq = seen.get(key, 0)
        seen[key] = seq + 1
        yield m, seq


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unchecked(m: ParsedMessage) -> bool:
    """Media and empty messages are stored but not checked."""
    return m.media or not m.text.strip()


def chats(j: Journal) -> list[ChatSummary]:
    with j.db.read() as s:
        rows = s.scalars(select(Chat).where(Chat.owner_id == j.owner_id).order_by(Chat.id))
        return [_summary(s, j, c) for c in rows]


def get_chat(j: Journal, chat_id: int) -> ChatSummary:
    with j.db.read() as s:
        return _summary(s, j, _chat_row(s, j, chat_id))


def delete_chat(j: Journal, chat_id: int) -> None:
    with j.db.write() as s:
        chat = _chat_row(s, j, chat_id)
        s.execute(delete(ChatMessage).where(ChatMessage.chat_id == chat.id))
        s.delete(chat)


def _chat_row(s: Any, j: Journal, chat_id: int) -> Chat:
    chat = s.get(Chat, chat_id)
    if chat is None or chat.owner_id != j.owner_id:
        raise BadInput(messages.CHAT_UNKNOWN.format(id=chat_id))
    return chat  # type: ignore[no-any-return]


def _summary(s: Any, j: Journal, chat: Chat) -> ChatSummary:
    count, first, last = s.execute(
        select(func.count(), func.min(ChatMessage.sent_at), func.max(ChatMessage.sent_at)).where(
            ChatMessage.chat_id == chat.id
        )
    ).one()
    return ChatSummary(
        chat.id,
        chat.format,
        j.decode(chat.title),
        j.decode(chat.me),
        j.decode(chat.him),
        count,
        first,
        last,
    )


def rekey(s: Any, j: Journal, new: FieldCodec) -> None:
    """After a lock change of codec: recompute the digests under the new key (the text
    columns themselves are re-encoded by the lock)."""
    for chat in s.scalars(select(Chat).where(Chat.owner_id == j.owner_id)):
        chat.identity = identity(
            new,
            chat.format,
            new.decode(chat.me),
            new.decode(chat.him),
            new.decode(chat.conversation),
        )
    for m in s.scalars(select(ChatMessage).where(ChatMessage.owner_id == j.owner_id)):
        m.fingerprint = fingerprint(new, m.sent_at, m.from_me, m.seq, new.decode(m.text))
