"""Which export is this? Decided from the content (the extension only helps word errors)."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path, PurePosixPath

from drawcloser import messages
from drawcloser.chats import sms, telegram, whatsapp
from drawcloser.chats.parsed import ByteStream, ChatSource, Opener
from drawcloser.errors import BadInput

SUPPORTED_FORMATS: tuple[str, ...] = ("whatsapp", "telegram", "sms")

# Enough of the start of a file to tell the formats apart and find a WhatsApp timestamp.
_HEAD = 64 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes that ordinary text never holds (tab, newlines, form feed and escape are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def open_export(path: Path) -> ChatSource:
    """Open a chat export of any supported format; raises BadInput saying what is wrong.

    Reads only the first 64 KiB here: messages stream later from ``ChatSource.messages()``.
    """
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise BadInput(messages.FILE_MISSING.format(path=where))
    if path.is_dir():
        raise BadInput(messages.FILE_IS_DIR.format(path=where))
    opener = _file_opener(path, where)
    with opener() as stream:
        head = _Head.read(stream)
    if head.data.startswith(_ZIP_MAGIC):
        return _open_zip(path, where)
    return _sniff(head, opener, where, path, path.name)


class _Head:
    """The first 64 KiB with text in them (leading blank lines skipped, but counted)."""

    # Give up looking for content after this much blank space.
    SKIP_LIMIT = 16 * 1024 * 1024

    def __init__(self, data: bytes, complete: bool, lines: int, offset: int) -> None:
        self.data = data
        self.complete = complete  # the whole file (or member) fits in data
        self.lines = lines  # line breaks skipped before data
        self.offset = offset  # bytes skipped before data

    @classmethod
    def read(cls, stream: ByteStream) -> _Head:
        lines = offset = 0
        while True:
            data = stream.read(_HEAD)
            if len(data) < _HEAD or data.strip(b" \t\r\n") or offset >= cls.SKIP_LIMIT:
                return cls(data, len(data) < _HEAD, lines, offset)
            lines += data.count(b"\n")
            offset += len(data)


def _file_opener(path: Path, where: str) -> Opener:
    @contextmanager
    def opener() -> Iterator[ByteStream]:
        try:
            raw = path.open("rb")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise BadInput(messages.FILE_UNREADABLE.format(path=where, reason=reason)) from None
        with raw:
            yield _Guarded(raw, where, zipped=False)

    return opener


class _Guarded:
    """A byte stream whose read errors (disk, zip, decompression) become BadInput."""

    def __init__(self, raw: ByteStream, where: str, *, zipped: bool) -> None:
        self._raw = raw
        self._where = where
        self._zipped = zipped

    def read(self, size: int = -1) -> bytes:
        try:
            return self._raw.read(size)
        except _ZIP_ERRORS as exc:
            raise self._failed(exc) from None

    def _failed(self, exc: BaseException) -> BadInput:
        if self._zipped:
            return BadInput(messages.CHAT_ZIP_BAD.format(path=self._where, reason=_reason(exc)))
        return BadInput(messages.FILE_UNREADABLE.format(path=self._where, reason=_reason(exc)))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).rstrip(".") or type(exc).__name__


def _sniff(head_read: _Head, opener: Opener, where: str, path: Path, filename: str) -> ChatSource:
    head = head_read.data
    if not head.strip():
        raise BadInput(messages.CHAT_EMPTY.format(path=where))
    if head.startswith(_UTF16_BOMS):
        raise BadInput(messages.CHAT_UTF16.format(path=where))
    if b"\x00" in head or _mostly_control(head):
        raise BadInput(messages.CHAT_BINARY.format(path=where, formats=messages.CHAT_FORMATS))
    text = _decode_head(head_read, where)
    start = text.lstrip("\ufeff \t\r\n")
    if not start:
        raise BadInput(messages.CHAT_EMPTY.format(path=where))
    if start.startswith("{"):
        header = telegram.read_header(opener, where)
        return ChatSource(
            "telegram", header.name, header.is_group, path, telegram.TelegramReader(opener, where)
        )
    if start.startswith("<"):
        return _sniff_xml(text, opener, where, path)
    lines = text.split("\n")
    if not head_read.complete:
        lines = lines[:-1]  # probably cut short by the 64 KiB window
    first = whatsapp.first_header(lines)
    if first is None:
        if filename.lower().endswith(".txt"):
            raise BadInput(messages.CHAT_WHATSAPP_NO_STAMP.format(path=where))
        raise BadInput(
            messages.CHAT_UNKNOWN_FORMAT.format(path=where, formats=messages.CHAT_FORMATS)
        )
    for number, line in enumerate(lines[:first], head_read.lines + 1):
        if line.strip("\ufeff \t\r"):
            raise BadInput(messages.CHAT_WHATSAPP_BEFORE_FIRST.format(path=where, line=number))
    reader = whatsapp.WhatsAppReader(opener, where)
    return ChatSource("whatsapp", whatsapp.title_from_name(filename), None, path, reader)


def _sniff_xml(text: str, opener: Opener, where: str, path: Path) -> ChatSource:
    if "<smses" in text:
        title = sms.first_contact(opener, where)
        reader = sms.SmsReader(opener, where)
        return ChatSource("sms", title, None, path, reader, own_sender=sms.ME)
    if "<calls" in text:
        raise BadInput(messages.CHAT_SMS_CALL_LOG.format(path=where))
    if "Exported Data" in text or "telegram" in text.lower():
        raise BadInput(messages.CHAT_TELEGRAM_HTML.format(path=where))
    raise BadInput(messages.CHAT_UNKNOWN_FORMAT.format(path=where, formats=messages.CHAT_FORMATS))


def _mostly_control(head: bytes) -> bool:
    # A stray control character pasted into a message must not make a chat "binary".
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls >= 4 and controls * 20 > len(head)


def _decode_head(head: _Head, where: str) -> str:
    data = head.data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The 64 KiB window may cut a character in two; that is not the file's fault.
        cut_short = exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
        if not head.complete and cut_short:
            return data[: exc.start].decode("utf-8")
        line = head.lines + data.count(b"\n", 0, exc.start) + 1
        pos = head.offset + exc.start
        raise BadInput(messages.CHAT_NOT_UTF8.format(path=where, line=line, pos=pos)) from None


# What a damaged or unusual zip raises while it is opened or read: a header that claims a
# newer zip version or an unknown compression raises NotImplementedError.
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error)


def _open_zip(path: Path, where: str) -> ChatSource:
    try:
        with zipfile.ZipFile(path) as archive:
            member = _chat_member(archive, where)
    except _ZIP_ERRORS as exc:
        raise BadInput(messages.CHAT_ZIP_BAD.format(path=where, reason=_reason(exc))) from None
    if member.flag_bits & 0x1:
        raise BadInput(messages.CHAT_ZIP_ENCRYPTED.format(path=where))

    @contextmanager
    def opener() -> Iterator[ByteStream]:
        with ExitStack() as opened:
            try:
                archive = opened.enter_context(zipfile.ZipFile(path))
                raw = opened.enter_context(archive.open(member))
            except _ZIP_ERRORS as exc:
                reason = _reason(exc)
                raise BadInput(messages.CHAT_ZIP_BAD.format(path=where, reason=reason)) from None
            yield _Guarded(raw, where, zipped=True)

    with opener() as stream:
        head = _Head.read(stream)
    inner = PurePosixPath(member.filename).name
    source = _sniff(head, opener, f"{where} ({inner})", path, inner)
    if source.format == "whatsapp" and source.title is None:
        # iPhone zips hold "_chat.txt"; the chat's name is on the zip itself.
        return ChatSource(
            source.format, whatsapp.title_from_name(path.name), None, path, source.reader
        )
    return source


def _chat_member(archive: zipfile.ZipFile, where: str) -> zipfile.ZipInfo:
    texts = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".txt")
        and not info.filename.startswith("__MACOSX/")
    ]
    chats = [
        info
        for info in texts
        if PurePosixPath(info.filename).name == "_chat.txt"
        or whatsapp.title_from_name(PurePosixPath(info.filename).name)
    ]
    if len(chats) == 1:
        return chats[0]
    if len(texts) == 1:
        return texts[0]
    if not texts:
        raise BadInput(messages.CHAT_ZIP_NO_CHAT.format(path=where, formats=messages.CHAT_FORMATS))
    names = ", ".join(PurePosixPath(info.filename).name for info in (chats or texts)[:4])
    raise BadInput(messages.CHAT_ZIP_SEVERAL.format(path=where, names=names))
