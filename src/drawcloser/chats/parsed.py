"""What every chat parser produces: plain messages, and the source they stream from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol


class ByteStream(Protocol):
    """The little of a binary file the parsers use."""

    def read(self, size: int = -1, /) -> bytes: ...


# Opens the export's bytes afresh each time, so a source can be read more than once.
Opener = Callable[[], AbstractContextManager[ByteStream]]

# Placeholder texts, the same for every format (docs/chat-formats.md lists them).
MEDIA = "<media>"
DELETED = "<deleted>"


def media_text(kind: str | None = None, detail: str | None = None) -> str:
    """ "<media>", "<media: image>" or "<media: sticker ❤️>"."""
    if kind is None:
        return MEDIA
    return f"<media: {kind} {detail}>" if detail else f"<media: {kind}>"


def missed_call_text(kind: str) -> str:
    return f"<call: missed {kind}>"


def with_caption(placeholder: str, caption: str) -> tuple[str, bool]:
    """(text, media): a caption makes it a text message that still says what was attached."""
    if caption:
        return f"{placeholder}\n{caption}", False
    return placeholder, True


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """One message as the export shows it.

    ``sent_at`` is naive wall-clock time. ``position`` locates it in the file: the 1-based
    line (WhatsApp), the index in the "messages" array (Telegram) or the index among
    ``<sms>``/``<mms>`` elements (SMS). ``conversation`` is None except in SMS backups, which
    can hold several conversations: there it is the key of :class:`Conversation`.
    """

    sent_at: datetime
    sender: str
    text: str
    media: bool
    position: int
    conversation: str | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    """One conversation in an export: WhatsApp and Telegram have one (key None)."""

    key: str | None
    title: str | None
    messages: int


class Reader(Protocol):
    def read(self) -> Iterator[ParsedMessage]: ...

    def title_of(self, conversation: str) -> str | None:
        """A conversation's name, known once ``read()`` has passed it."""
        ...


@dataclass(frozen=True, slots=True)
class ChatSource:
    """An opened export. Nothing is read until ``messages()``; every call streams anew."""

    format: str
    title: str | None
    is_group: bool | None
    path: Path
    reader: Reader = field(repr=False, compare=False)
    # The sender name the format gives her own messages, when it marks them (SMS: "me").
    own_sender: str | None = None

    def messages(self, conversation: str | None = None) -> Iterator[ParsedMessage]:
        """Every message in file order; only one conversation's when ``conversation`` is set.

        Raises ``BadInput`` (naming the line, message or byte) on malformed input; messages
        before the fault have already been yielded, so callers that must not write a partial
        import consume the whole stream before committing.
        """
        if conversation is None:
            yield from self.reader.read()
            return
        for message in self.reader.read():
            if message.conversation == conversation:
                yield message

    def senders(self, conversation: str | None = None) -> list[tuple[str, int]]:
        """(sender, message count), most messages first; one streaming pass."""
        counts = Counter(m.sender for m in self.messages(conversation))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def conversations(self) -> list[Conversation]:
        """Each conversation with its message count, most messages first; one pass.

        More than one only for an SMS backup of several contacts: ask which one she means.
        """
        counts = Counter(m.conversation for m in self.messages())
        found = [
            Conversation(key, self.title if key is None else self.reader.title_of(key), n)
            for key, n in counts.items()
        ]
        return sorted(found, key=lambda c: (-c.messages, c.key or ""))
