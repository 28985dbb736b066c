"""Messages she checked and then sent: each counts in her pull : push ratio."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from drawcloser.coach.report import Report
from drawcloser.practice import fields
from drawcloser.practice.checkins import reading
from drawcloser.practice.journal import Journal
from drawcloser.store.schema import SentMessage


@dataclass
class Sent:
    id: int
    at: datetime
    text: str
    verdict: str
    score: int
    labels: list[str]
    pull_count: int
    push_count: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "at": self.at.isoformat(sep=" ")}


def log_sent(j: Journal, report: Report, at: datetime | str | None = None) -> Sent:
    read = reading(report)
    row = SentMessage(
        owner_id=j.owner_id,
        at=fields.parse_when(at or j.now(), j.now()),
        text=j.encode(fields.text(report.text, "The message")),
        verdict=read["verdict"],
        score=read["score"],
        labels=read["labels"],
        pull_count=read["pull"],
        push_count=read["push"],
    )
    with j.db.write() as s:
        s.add(row)
        s.flush()
        return _sent(j, row)


def sent_messages(j: Journal) -> list[Sent]:
    with j.db.read() as s:
        rows = s.scalars(
            select(SentMessage).where(SentMessage.owner_id == j.owner_id).order_by(SentMessage.at)
        )
        return [_sent(j, r) for r in rows]


def _sent(j: Journal, row: SentMessage) -> Sent:
    return Sent(
        row.id,
        row.at,
        j.decode(row.text),
        row.verdict,
        row.score,
        list(row.labels or []),
        row.pull_count,
        row.push_count,
    )
