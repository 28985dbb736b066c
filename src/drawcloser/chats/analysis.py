"""The pattern an imported chat shows: her pull : push week by week, his warmth, chasing,
who reaches out first, how quickly each answers, and the moments that pushed and pulled
most. Computed from what the check stored at import, so only the moments are decrypted.

Definitions (docs/chats.md says them in plain words):
- pull and push count sentences of her messages read as pulling or pushing.
- his warmth, per week: of his sentences that pull or push, the balance, from -100 (all
  push) to +100 (all pull); None in a week where he said nothing that pulled or pushed.
- a conversation starts with a message after CONVERSATION_GAP of silence from both.
- a chasing run: CHASE_MIN or more of her messages in a row, with no reply from him for at
  least CHASE_HOURS after the first of them (or no reply at all).
- response time: from the last message of one person's turn to the first message of the
  other's next turn, within a conversation (a reply after a long silence starts a new
  conversation instead, and is counted there).
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from drawcloser.chats.store import ChatSummary, _chat_row, _summary
from drawcloser.practice.journal import Journal
from drawcloser.practice.progress import meets_reference, ratio_text, week_start
from drawcloser.store.schema import ChatMessage

CONVERSATION_GAP = timedelta(hours=6)
CHASE_MIN = 3
CHASE_HOURS = 3
TOP = 10


@dataclass(slots=True)
class _Row:
    id: int
    at: datetime
    me: bool
    media: bool
    verdict: str | None
    score: int
    pull: int
    push: int
    safety: bool


@dataclass
class Week:
    start: date
    her_messages: int = 0
    his_messages: int = 0
    pull: int = 0
    push: int = 0
    his_pull: int = 0
    his_push: int = 0
    chasing_runs: int = 0
    her_starts: int = 0
    his_starts: int = 0

    @property
    def his_warmth(self) -> int | None:
        total = self.his_pull + self.his_push
        return None if total == 0 else round(100 * (self.his_pull - self.his_push) / total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "her_messages": self.her_messages,
            "his_messages": self.his_messages,
            "pull": self.pull,
            "push": self.push,
            "ratio_text": ratio_text(self.pull, self.push),
            "meets_reference": meets_reference(self.pull, self.push),
            "his_warmth": self.his_warmth,
            "chasing_runs": self.chasing_runs,
            "her_starts": self.her_starts,
            "his_starts": self.his_starts,
        }


@dataclass
class Run:
    start: datetime
    end: datetime
    messages: int
    hours_to_reply: float | None  # None: he never replied in this chat

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(sep=" "),
            "end": self.end.isoformat(sep=" "),
            "messages": self.messages,
            "hours_to_reply": None
            if self.hours_to_reply is None
            else round(self.hours_to_reply, 1),
        }


@dataclass
class Moment:
    at: datetime
    text: str
    score: int
    labels: list[str]
    context: list[dict[str, Any]]  # the messages around it: {"at", "who", "text"}

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(sep=" "),
            "text": self.text,
            "score": self.score,
            "labels": self.labels,
            "context": self.context,
        }


@dataclass
class ChatReport:
    chat: ChatSummary
    her_messages: int
    his_messages: int
    pull: int
    push: int
    weeks: list[Week]
    runs: list[Run]
    her_starts: int
    his_starts: int
    her_median_reply_minutes: float | None  # how quickly she answers him
    his_median_reply_minutes: float | None  # how quickly he answers her
    pushed_most: list[Moment] = field(default_factory=list)
    pulled_most: list[Moment] = field(default_factory=list)
    safety_messages: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "chat": self.chat.to_dict(),
            "her_messages": self.her_messages,
            "his_messages": self.his_messages,
            "pull": self.pull,
            "push": self.push,
            "ratio_text": ratio_text(self.pull, self.push),
            "her_starts": self.her_starts,
            "his_starts": self.his_starts,
            "her_median_reply_minutes": _r(self.her_median_reply_minutes),
            "his_median_reply_minutes": _r(self.his_median_reply_minutes),
            "chasing_runs": [r.to_dict() for r in self.runs],
            "weeks": [w.to_dict() for w in self.weeks],
            "pushed_most": [m.to_dict() for m in self.pushed_most],
            "pulled_most": [m.to_dict() for m in self.pulled_most],
            "safety_messages": self.safety_messages,
        }


def report(j: Journal, chat_id: int) -> ChatReport:
    with j.db.read() as s:
        chat = _chat_row(s, j, chat_id)
        summary = _summary(s, j, chat)
        rows = [
            _Row(*r)
            for r in s.execute(
                select(
                    ChatMessage.id,
                    ChatMessage.sent_at,
                    ChatMessage.from_me,
                    ChatMessage.media,
                    ChatMessage.verdict,
                    ChatMessage.score,
                    ChatMessage.pull_count,
                    ChatMessage.push_count,
                    ChatMessage.safety,
                )
                .where(ChatMessage.chat_id == chat.id)
                .order_by(ChatMessage.sent_at, ChatMessage.id)
            )
        ]
    weeks = _weeks(rows)
    runs = chasing_runs(rows)
    for run in runs:
        weeks[week_start(run.start.date())].chasing_runs += 1
    her_starts, his_starts = _starts(rows, weeks)
    her_reply, his_reply = reply_times(rows)
    her = [r for r in rows if r.me]
    return ChatReport(
        chat=summary,
        her_messages=len(her),
        his_messages=len(rows) - len(her),
        pull=sum(r.pull for r in her),
        push=sum(r.push for r in her),
        weeks=[weeks[k] for k in sorted(weeks)],
        runs=runs,
        her_starts=her_starts,
        his_starts=his_starts,
        her_median_reply_minutes=_median(her_reply),
        his_median_reply_minutes=_median(his_reply),
        pushed_most=_moments(j, chat.id, rows, pushing=True),
        pulled_most=_moments(j, chat.id, rows, pushing=False),
        safety_messages=sum(r.safety for r in rows),
    )


def _weeks(rows: list[_Row]) -> dict[date, Week]:
    weeks: dict[date, Week] = {}
    if not rows:
        return weeks
    start, end = week_start(rows[0].at.date()), week_start(rows[-1].at.date())
    while start <= end:  # every week, the silent ones too, so the chart has no holes
        weeks[start] = Week(start)
        start += timedelta(days=7)
    for r in rows:
        w = weeks[week_start(r.at.date())]
        if r.me:
            w.her_messages += 1
            w.pull += r.pull
            w.push += r.push
        else:
            w.his_messages += 1
            w.his_pull += r.pull
            w.his_push += r.push
    return weeks


def chasing_runs(rows: list[_Row]) -> list[Run]:
    runs: list[Run] = []
    n = 0
    while n < len(rows):
        if not rows[n].me:
            n += 1
            continue
        end = n
        while end + 1 < len(rows) and rows[end + 1].me:
            end += 1
        count = end - n + 1
        if count >= CHASE_MIN:
            reply = rows[end + 1].at if end + 1 < len(rows) else None
            hours = None if reply is None else (reply - rows[n].at).total_seconds() / 3600
            if hours is None or hours >= CHASE_HOURS:
                runs.append(Run(rows[n].at, rows[end].at, count, hours))
        n = end + 1
    return runs


def _starts(rows: list[_Row], weeks: dict[date, Week]) -> tuple[int, int]:
    her = his = 0
    previous: datetime | None = None
    for r in rows:
        if previous is None or r.at - previous >= CONVERSATION_GAP:
            w = weeks[week_start(r.at.date())]
            if r.me:
                her += 1
                w.her_starts += 1
            else:
                his += 1
                w.his_starts += 1
        previous = r.at
    return her, his


def reply_times(rows: list[_Row]) -> tuple[list[float], list[float]]:
    """(minutes she took to answer him, minutes he took to answer her)."""
    hers: list[float] = []
    his: list[float] = []
    for before, after in itertools.pairwise(rows):
        if before.me == after.me:
            continue
        gap = after.at - before.at
        if gap >= CONVERSATION_GAP:
            continue
        (hers if after.me else his).append(gap.total_seconds() / 60)
    return hers, his


def _moments(j: Journal, chat_id: int, rows: list[_Row], *, pushing: bool) -> list[Moment]:
    index = {r.id: n for n, r in enumerate(rows)}
    if pushing:
        chosen = sorted((r for r in rows if r.me and r.push > 0), key=lambda r: (r.score, -r.push))
    else:
        chosen = sorted((r for r in rows if r.me and r.pull > 0), key=lambda r: (-r.score, -r.pull))
    chosen = chosen[:TOP]
    if not chosen:
        return []
    wanted: set[int] = set()
    for r in chosen:
        n = index[r.id]
        wanted.update(rows[k].id for k in range(max(0, n - 2), min(len(rows), n + 2)))
    with j.db.read() as s:
        texts = {
            mid: (j.decode(text), labels)
            for mid, text, labels in s.execute(
                select(ChatMessage.id, ChatMessage.text, ChatMessage.labels).where(
                    ChatMessage.chat_id == chat_id, ChatMessage.id.in_(wanted)
                )
            )
        }
    out = []
    for r in chosen:
        n = index[r.id]
        context = [
            {
                "at": rows[k].at.isoformat(sep=" "),
                "who": "me" if rows[k].me else "him",
                "text": texts[rows[k].id][0],
                "this": k == n,
            }
            for k in range(max(0, n - 2), min(len(rows), n + 2))
        ]
        out.append(Moment(r.at, texts[r.id][0], r.score, list(texts[r.id][1] or []), context))
    return out


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
