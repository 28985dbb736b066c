"""Progress: the pull : push ratio against 5 : 1, warmth and openness, needs, the streak,
and the weekly review.

Definitions (also in docs/practice.md):
- pull and push count sentences: every sentence of what she said in a check-in, and of each
  message she logged as sent, read as pulling or pushing by the check. The ratio is
  pull / push; with no push at all it has no finite value and is shown as "n : 0".
- warmth and openness are the averages of her check-in ratings (-2 ... +2).
- a steady day is a day she checked in or did an action. The current streak counts steady
  days back from today; today not being done yet does not break it.
- weeks run Monday to Sunday.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from drawcloser.practice.actions import NEEDS
from drawcloser.practice.journal import Journal
from drawcloser.store.schema import ActionLog, CheckIn, SentMessage

REFERENCE_RATIO = 5.0  # five pulling moments for every pushing one


@dataclass
class Day:
    day: date
    pull: int = 0
    push: int = 0
    checkins: int = 0
    warmth: list[int] = field(default_factory=list)
    openness: list[int] = field(default_factory=list)
    actions_done: int = 0
    needs: Counter[str] = field(default_factory=Counter)

    @property
    def steady(self) -> bool:
        return self.checkins > 0 or self.actions_done > 0


@dataclass
class Period:
    """A day or a week of figures."""

    start: date
    end: date
    pull: int
    push: int
    checkins: int
    actions_done: int
    steady_days: int
    warmth: float | None
    openness: float | None
    needs: dict[str, int]

    @property
    def ratio(self) -> float | None:
        return self.pull / self.push if self.push else None

    @property
    def ratio_text(self) -> str:
        return ratio_text(self.pull, self.push)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "pull": self.pull,
            "push": self.push,
            "ratio": None if self.ratio is None else round(self.ratio, 2),
            "ratio_text": self.ratio_text,
            "meets_reference": meets_reference(self.pull, self.push),
            "checkins": self.checkins,
            "actions_done": self.actions_done,
            "steady_days": self.steady_days,
            "warmth": _round(self.warmth),
            "openness": _round(self.openness),
            "needs": self.needs,
        }


@dataclass
class Streak:
    current: int
    best: int
    today_counted: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Progress:
    today: date
    days: list[Period]
    weeks: list[Period]
    streak: Streak
    needs_last_7_days: dict[str, int]
    warmth_trend: str
    openness_trend: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "reference_ratio": REFERENCE_RATIO,
            "streak": self.streak.to_dict(),
            "needs_last_7_days": self.needs_last_7_days,
            "warmth_trend": self.warmth_trend,
            "openness_trend": self.openness_trend,
            "weeks": [w.to_dict() for w in self.weeks],
            "days": [d.to_dict() for d in self.days],
        }


def ratio_text(pull: int, push: int) -> str:
    if pull == 0 and push == 0:
        return "—"
    if push == 0:
        return f"{pull} : 0"
    value = pull / push
    shown = f"{value:.1f}".removesuffix(".0") if value < 10 else f"{value:.0f}"
    return f"{shown} : 1"


def meets_reference(pull: int, push: int) -> bool | None:
    if pull == 0 and push == 0:
        return None
    return push == 0 or pull / push >= REFERENCE_RATIO


def ratio_tone(pull: int, push: int) -> str:
    """How a pull : push figure should look: "good" at or above 5 : 1, "mid" when more of her
    moments pulled than pushed (on the way, not a failure), "low" when pushes matched or
    outnumbered pulls, "" with nothing to show."""
    met = meets_reference(pull, push)
    if met is None:
        return ""
    if met:
        return "good"
    return "mid" if pull > push else "low"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def collect(j: Journal, since: date, until: date) -> dict[date, Day]:
    """Figures for every day from ``since`` to ``until`` inclusive (no text is decrypted)."""
    days = {
        since + timedelta(n): Day(since + timedelta(n)) for n in range((until - since).days + 1)
    }
    begin = datetime.combine(since, datetime.min.time())
    end = datetime.combine(until + timedelta(days=1), datetime.min.time())
    with j.db.read() as s:
        for c in s.scalars(
            select(CheckIn).where(
                CheckIn.owner_id == j.owner_id, CheckIn.at >= begin, CheckIn.at < end
            )
        ):
            d = days[c.at.date()]
            d.checkins += 1
            d.pull += c.pull_count
            d.push += c.push_count
            d.warmth.append(c.warmth)
            d.openness.append(c.openness)
        for m in s.scalars(
            select(SentMessage).where(
                SentMessage.owner_id == j.owner_id, SentMessage.at >= begin, SentMessage.at < end
            )
        ):
            d = days[m.at.date()]
            d.pull += m.pull_count
            d.push += m.push_count
        for a in s.scalars(
            select(ActionLog).where(
                ActionLog.owner_id == j.owner_id,
                ActionLog.status == "done",
                ActionLog.day >= since,
                ActionLog.day <= until,
            )
        ):
            d = days[a.day]
            d.actions_done += 1
            d.needs.update(a.needs)
    return days


def period(days: list[Day]) -> Period:
    warmth = [w for d in days for w in d.warmth]
    openness = [o for d in days for o in d.openness]
    needs: Counter[str] = Counter()
    for d in days:
        needs.update(d.needs)
    return Period(
        start=days[0].day,
        end=days[-1].day,
        pull=sum(d.pull for d in days),
        push=sum(d.push for d in days),
        checkins=sum(d.checkins for d in days),
        actions_done=sum(d.actions_done for d in days),
        steady_days=sum(d.steady for d in days),
        warmth=sum(warmth) / len(warmth) if warmth else None,
        openness=sum(openness) / len(openness) if openness else None,
        needs={n: needs[n] for n in NEEDS},
    )


def streak(j: Journal, today: date) -> Streak:
    """Steady days in a row up to today (or yesterday, while today is still open)."""
    steady = _steady_days(j, today)
    current = 0
    day = today if today in steady else today - timedelta(days=1)
    while day in steady:
        current += 1
        day -= timedelta(days=1)
    best = run = 0
    previous: date | None = None
    for d in sorted(steady):
        run = run + 1 if previous is not None and d - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = d
    return Streak(current, max(best, current), today in steady)


def summary(j: Journal, *, weeks: int = 8, day: date | None = None) -> Progress:
    today = day or j.today()
    first = week_start(today) - timedelta(weeks=weeks - 1)
    days = collect(j, first, today)
    ordered = [days[d] for d in sorted(days)]
    week_list = [
        period([d for d in ordered if week_start(d.day) == start])
        for start in sorted({week_start(d.day) for d in ordered})
    ]
    last7 = period(ordered[-7:])
    return Progress(
        today=today,
        days=[period([d]) for d in ordered[-28:]],
        weeks=week_list,
        streak=streak(j, today),
        needs_last_7_days=last7.needs,
        warmth_trend=trend([w.warmth for w in week_list]),
        openness_trend=trend([w.openness for w in week_list]),
    )


def trend(values: list[float | None]) -> str:
    """'rising', 'falling', 'steady', or 'too early to tell' — this week against the last."""
    known = [v for v in values[-2:] if v is not None]
    if len(values) < 2 or values[-1] is None or values[-2] is None or len(known) < 2:
        return "too early to tell"
    change = known[1] - known[0]
    if change >= 0.25:
        return "rising"
    if change <= -0.25:
        return "falling"
    return "steady"


def _steady_days(j: Journal, today: date) -> set[date]:
    end = datetime.combine(today + timedelta(days=1), datetime.min.time())
    with j.db.read() as s:
        checked = {
            at.date()
            for at in s.scalars(
                select(CheckIn.at).where(CheckIn.owner_id == j.owner_id, CheckIn.at < end)
            )
        }
        acted = set(
            s.scalars(
                select(ActionLog.day).where(
                    ActionLog.owner_id == j.owner_id,
                    ActionLog.status == "done",
                    ActionLog.day <= today,
                )
            )
        )
    return checked | acted


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
