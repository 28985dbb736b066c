"""The journal's tables. Every row she owns carries ``owner_id``, so the web's server mode
can hold many people in one database without a rewrite.

Free text she writes goes through the field codec (``store.vault``) before it lands here; the
columns in ``SENSITIVE`` are exactly those, so locking and unlocking re-encode them all.
Dates, ratings, labels and tags stay readable so progress can be computed without the key —
``docs/privacy.md`` says so plainly.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LoginFailure(Base):
    """A failed sign-in, kept for a while so guessing can be slowed across worker processes."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_key: Mapped[str] = mapped_column(String(120), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Vault(Base):
    """The lock: a random data key, wrapped by a key derived from her passphrase."""

    __tablename__ = "vaults"
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    kdf: Mapped[str] = mapped_column(String(32))
    kdf_params: Mapped[dict[str, Any]] = mapped_column(JSON)
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class Preference(Base):
    __tablename__ = "preferences"
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CheckIn(Base):
    __tablename__ = "checkins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(DateTime)
    happened: Mapped[str] = mapped_column(Text, default="")
    said: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[str] = mapped_column(Text, default="")
    warmth: Mapped[int] = mapped_column(Integer)
    openness: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the check read in what she said, stored so trends need no re-analysis.
    said_verdict: Mapped[str | None] = mapped_column(String(16))
    said_score: Mapped[int | None] = mapped_column(Integer)
    said_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    pull_count: Mapped[int] = mapped_column(Integer, default=0)
    push_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_checkins_owner_at", "owner_id", "at"),)


class SentMessage(Base):
    """A message she checked and said she sent: it counts in her pull : push ratio."""

    __tablename__ = "sent_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    pull_count: Mapped[int] = mapped_column(Integer, default=0)
    push_count: Mapped[int] = mapped_column(Integer, default=0)


class RememberItem(Base):
    __tablename__ = "remember_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = _owner()
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Resurfaced(Base):
    """Which remembered item came back on which day (keeps the day's choice stable)."""

    __tablename__ = "resurfaced"
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("remember_items.id", ondelete="CASCADE"))


class OwnAction(Base):
    __tablename__ = "own_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = _owner()
    text: Mapped[str] = mapped_column(Text)
    needs: Mapped[list[str]] = mapped_column(JSON)
    effort: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class HiddenAction(Base):
    __tablename__ = "hidden_actions"
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    action_key: Mapped[str] = mapped_column(String(80), primary_key=True)


class DailyPick(Base):
    """The day's suggested action, fixed once chosen so the page and the CLI agree."""

    __tablename__ = "daily_picks"
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    action_key: Mapped[str] = mapped_column(String(80))


class ActionLog(Base):
    __tablename__ = "action_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = _owner()
    day: Mapped[date] = mapped_column(Date)
    action_key: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16))  # done | skipped
    # Needs as they were when logged, so coverage survives her deleting her own action.
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    response: Mapped[str] = mapped_column(Text, default="")
    reaction: Mapped[int | None] = mapped_column(Integer)
    logged_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("owner_id", "day", "action_key", name="uq_action_log_day"),)


class Chat(Base):
    """An imported one-to-one conversation. ``identity`` (a keyed digest of the format, the
    two names and the conversation) lets a later export of the same chat find it."""

    __tablename__ = "chats"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = _owner()
    format: Mapped[str] = mapped_column(String(16))
    identity: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    me: Mapped[str] = mapped_column(Text)
    him: Mapped[str] = mapped_column(Text)
    conversation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("owner_id", "identity", name="uq_chats_identity"),)


class ChatMessage(Base):
    """One message of an imported chat, with what the check read in it.

    ``fingerprint`` is a keyed digest of when, who, the text and ``seq`` (which of several
    identical messages in the same minute it is), so importing a file again adds nothing.
    """

    __tablename__ = "chat_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = _owner()
    sent_at: Mapped[datetime] = mapped_column(DateTime)
    from_me: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(Text)
    media: Mapped[bool] = mapped_column(Boolean, default=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer, default=0)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    pull_count: Mapped[int] = mapped_column(Integer, default=0)
    push_count: Mapped[int] = mapped_column(Integer, default=0)
    safety: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        UniqueConstraint("chat_id", "fingerprint", name="uq_chat_messages_fingerprint"),
        Index("ix_chat_messages_chat_sent", "chat_id", "sent_at"),
    )


# Free-text columns that pass through the field codec (encrypted when the journal is locked).
SENSITIVE: dict[type[Base], tuple[str, ...]] = {
    CheckIn: ("happened", "said", "response", "tags"),  # tags: a list, each encoded
    SentMessage: ("text",),
    RememberItem: ("text",),
    OwnAction: ("text",),
    ActionLog: ("response",),
    Chat: ("title", "me", "him", "conversation"),
    ChatMessage: ("text",),
}
