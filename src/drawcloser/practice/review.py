"""The weekly review: what went well, the ratio and the feel of the week against the last,
the needs she covered, and the moment that pulled most."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from drawcloser.practice import progress
from drawcloser.practice.actions import NEEDS, catalogue
from drawcloser.practice.journal import Journal
from drawcloser.store.schema import ActionLog, CheckIn, SentMessage


@dataclass
class Moment:
    when: datetime
    text: str
    source: str  # "check-in" or "sent message"
    pull: int
    push: int
    score: int | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "when": self.when.isoformat(sep=" ")}


@dataclass
class Review:
    week: progress.Period
    last_week: progress.Period
    went_well: list[str]
    ratio_direction: str  # better / worse / about the same / too early to tell
    warmth_direction: str
    openness_direction: str
    needs_least: list[str]
    moment: Moment | None
    days_so_far: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": self.week.to_dict(),
            "last_week": self.last_week.to_dict(),
            "went_well": self.went_well,
            "ratio_direction": self.ratio_direction,
            "warmth_direction": self.warmth_direction,
            "openness_direction": self.openness_direction,
            "needs_least": self.needs_least,
            "moment_that_pulled_most": self.moment.to_dict() if self.moment else None,
            "days_so_far": self.days_so_far,
        }


def weekly(j: Journal, day: date | None = None) -> Review:
    """The review of the week (Monday to Sunday) holding ``day``, default today."""
    day = day or j.today()
    start = progress.week_start(day)
    end = min(start + timedelta(days=6), max(day, j.today()))
    days = progress.collect(j, start - timedelta(days=7), end)
    ordered = [days[d] for d in sorted(days)]
    last = progress.period(ordered[:7])
    this = progress.period(ordered[7:])
    covered = this.needs
    least = sorted(NEEDS, key=lambda n: (covered[n], NEEDS.index(n)))
    least = [n for n in least if covered[n] == covered[least[0]]]
    return Review(
        week=this,
        last_week=last,
        went_well=_went_well(j, start, end),
        ratio_direction=_ratio_direction(this, last),
        warmth_direction=progress.trend([last.warmth, this.warmth]),
        openness_direction=progress.trend([last.openness, this.openness]),
        needs_least=least,
        moment=_moment(j, start, end),
        days_so_far=(end - start).days + 1,
    )


def _ratio_direction(this: progress.Period, last: progress.Period) -> str:
    if this.pull + this.push == 0 or last.pull + last.push == 0:
        return "too early to tell"
    # Compare pull shares, which stay finite when a week had no push at all.
    now, before = this.pull / (this.pull + this.push), last.pull / (last.pull + last.push)
    if now - before >= 0.05:
        return "better"
    if before - now >= 0.05:
        return "worse"
    return "about the same"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, datetime.min.time()),
        datetime.combine(end + timedelta(days=1), datetime.min.time()),
    )


def _went_well(j: Journal, start: date, end: date) -> list[str]:
    begin, stop = _bounds(start, end)
    well: list[tuple[int, str]] = []
    with j.db.read() as s:
        for c in s.scalars(
            select(CheckIn).where(
                CheckIn.owner_id == j.owner_id, CheckIn.at >= begin, CheckIn.at < stop
            )
        ):
            if c.warmth + c.openness >= 2:
                what = j.decode(c.happened) or j.decode(c.said) or j.decode(c.response)
                well.append((c.warmth + c.openness, f"{c.at:%A}: {_short(what)}"))
        titles = {a.key: a.text for a in catalogue(j)}
        for a in s.scalars(
            select(ActionLog).where(
                ActionLog.owner_id == j.owner_id,
                ActionLog.status == "done",
                ActionLog.day >= start,
                ActionLog.day <= end,
            )
        ):
            if (a.reaction or 0) >= 1:
                response = j.decode(a.response)
                title = _short(titles.get(a.action_key, a.action_key))
                line = f"{a.day:%A}: you did '{title}'"
                well.append((a.reaction or 0, line + (f", and {response}" if response else "")))
    well.sort(key=lambda item: -item[0])
    return [text for _, text in well[:5]]


def _moment(j: Journal, start: date, end: date) -> Moment | None:
    begin, stop = _bounds(start, end)
    best: Moment | None = None
    with j.db.read() as s:
        candidates: list[Moment] = []
        for c in s.scalars(
            select(CheckIn).where(
                CheckIn.owner_id == j.owner_id,
                CheckIn.at >= begin,
                CheckIn.at < stop,
                CheckIn.pull_count > 0,
            )
        ):
            candidates.append(
                Moment(c.at, j.decode(c.said), "check-in", c.pull_count, c.push_count, c.said_score)
            )
        for m in s.scalars(
            select(SentMessage).where(
                SentMessage.owner_id == j.owner_id,
                SentMessage.at >= begin,
                SentMessage.at < stop,
                SentMessage.pull_count > 0,
            )
        ):
            candidates.append(
                Moment(m.at, j.decode(m.text), "sent message", m.pull_count, m.push_count, m.score)
            )
    for moment in candidates:
        if moment.pull <= moment.push:
            continue  # a moment that pushed as much as it pulled is not a pulling moment
        if best is None or _rank(moment) > _rank(best):
            best = moment
    return best


def _rank(m: Moment) -> tuple[int, int, datetime]:
    return (m.pull - m.push, m.score or 0, m.when)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
