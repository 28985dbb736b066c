"""Check-ins: how a moment with him felt, what she said, how he responded.

What she said runs through the message check when she saves it; its verdict, labels and
the count of pulling and pushing sentences are stored with the entry, so the pull : push
ratio and the trends never need the text again (and still work on a locked journal).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select

from drawcloser import messages
from drawcloser.coach.report import Report, Safety
from drawcloser.errors import BadInput
from drawcloser.practice import fields
from drawcloser.practice.journal import Journal, rating
from drawcloser.store.schema import CheckIn


@dataclass
class Entry:
    id: int
    at: datetime
    happened: str
    said: str
    response: str
    warmth: int
    openness: int
    tags: list[str]
    said_verdict: str | None
    said_score: int | None
    said_labels: list[str]
    pull_count: int
    push_count: int
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("at", "created_at", "updated_at"):
            out[key] = out[key].isoformat(sep=" ")
        return out


@dataclass
class Saved:
    entry: Entry
    report: Report | None  # the check of what she said, for showing right away
    safety: Safety | None  # set when anything she wrote suggests she may not be safe


def reading(report: Report) -> dict[str, Any]:
    """What is kept of a check: verdict, score, labels, and pulling/pushing sentences."""
    return {
        "verdict": report.verdict,
        "score": report.score,
        "labels": sorted({f.label for f in report.findings}),
        "pull": sum(1 for s in report.sentences if s.polarity == "pull"),
        "push": sum(1 for s in report.sentences if s.polarity == "push"),
    }


def add(
    j: Journal,
    *,
    warmth: int,
    openness: int,
    at: datetime | str | None = None,
    happened: str = "",
    said: str = "",
    response: str = "",
    tags: list[str] | tuple[str, ...] = (),
) -> Saved:
    now = j.now()
    row = CheckIn(owner_id=j.owner_id, created_at=now, updated_at=now)
    values = _validated(j, now, at or now, happened, said, response, warmth, openness, tags)
    report = _apply(j, row, values)
    with j.db.write() as s:
        s.add(row)
        s.flush()
        entry = _entry(j, row)
    return Saved(entry, report, _safety(values, report))


def edit(j: Journal, entry_id: int, **changes: Any) -> Saved:
    current = get(j, entry_id)
    merged = {
        k: changes[k] if changes.get(k) is not None else getattr(current, k)
        for k in ("at", "happened", "said", "response", "warmth", "openness", "tags")
    }
    now = j.now()
    values = _validated(j, now, *(merged[k] for k in merged))
    report = None
    with j.db.write() as s:
        row = _row(s, j, entry_id)
        if values["said"] != current.said:
            report = _apply(j, row, values)
        else:
            _assign(j, row, values)
        row.updated_at = now
        s.flush()
        entry = _entry(j, row)
    return Saved(entry, report, _safety(values, report))


def delete(j: Journal, entry_id: int) -> None:
    with j.db.write() as s:
        s.delete(_row(s, j, entry_id))


def get(j: Journal, entry_id: int) -> Entry:
    with j.db.read() as s:
        return _entry(j, _row(s, j, entry_id))


def entries(
    j: Journal,
    *,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
    contains: str | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """Newest first. ``contains`` searches her text (decrypted here, never in SQL)."""
    query = select(CheckIn).where(CheckIn.owner_id == j.owner_id)
    if since is not None:
        query = query.where(CheckIn.at >= datetime.combine(since, datetime.min.time()))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), datetime.min.time())
        query = query.where(CheckIn.at < end)
    query = query.order_by(CheckIn.at.desc(), CheckIn.id.desc())
    wanted_tag = tag.strip().lower() if tag else None
    needle = contains.casefold() if contains else None
    if limit is not None and not wanted_tag and not needle:
        query = query.limit(limit)  # nothing is filtered after the query: read no more
    found: list[Entry] = []
    with j.db.read() as s:
        for row in s.scalars(query):
            entry = _entry(j, row)
            if wanted_tag and wanted_tag not in entry.tags:
                continue
            if needle and not any(
                needle in t.casefold() for t in (entry.happened, entry.said, entry.response)
            ):
                continue
            found.append(entry)
            if limit is not None and len(found) >= limit:
                break
    return found


_ANY = select(CheckIn.id).where(CheckIn.owner_id == bindparam("owner")).limit(1)  # built once


def any_in(s: Any, j: Journal) -> bool:
    """Whether she has saved a check-in yet, read in ``s`` (a read session her page shares)."""
    return s.scalar(_ANY, {"owner": j.owner_id}) is not None


def _validated(
    j: Journal,
    now: datetime,
    at: datetime | str,
    happened: str,
    said: str,
    response: str,
    warmth: int,
    openness: int,
    tags: list[str] | tuple[str, ...],
) -> dict[str, Any]:
    values = {
        "at": fields.parse_when(at, now),
        "happened": fields.text(happened, "What happened"),
        "said": fields.text(said, "What you said"),
        "response": fields.text(response, "How he responded"),
        "warmth": rating(warmth, "Warmth"),
        "openness": rating(openness, "Openness"),
        "tags": fields.tags(list(tags)),
    }
    if not (values["happened"] or values["said"] or values["response"]):
        raise BadInput(messages.CHECKIN_EMPTY)
    return values


def _apply(j: Journal, row: CheckIn, values: dict[str, Any]) -> Report | None:
    _assign(j, row, values)
    report = j.check([values["said"]])[0] if values["said"] else None
    if report is None:
        row.said_verdict, row.said_score, row.said_labels = None, None, []
        row.pull_count = row.push_count = 0
    else:
        read = reading(report)
        row.said_verdict, row.said_score = read["verdict"], read["score"]
        row.said_labels = read["labels"]
        row.pull_count, row.push_count = read["pull"], read["push"]
    return report


def _assign(j: Journal, row: CheckIn, values: dict[str, Any]) -> None:
    row.at = values["at"]
    row.happened = j.encode(values["happened"])
    row.said = j.encode(values["said"])
    row.response = j.encode(values["response"])
    row.warmth, row.openness = values["warmth"], values["openness"]
    row.tags = [j.encode(t) for t in values["tags"]]


def _safety(values: dict[str, Any], report: Report | None) -> Safety | None:
    if report is not None and report.safety is not None:
        return report.safety
    from drawcloser.coach.safety import screen_text

    for key in ("happened", "response"):
        if values[key]:
            found = screen_text(values[key])
            if found is not None:
                return found
    return None


def _row(s: Any, j: Journal, entry_id: int) -> CheckIn:
    row = s.get(CheckIn, entry_id)
    if row is None or row.owner_id != j.owner_id:
        raise BadInput(messages.CHECKIN_UNKNOWN.format(id=entry_id))
    return row  # type: ignore[no-any-return]


def _entry(j: Journal, row: CheckIn) -> Entry:
    return Entry(
        id=row.id,
        at=row.at,
        happened=j.decode(row.happened),
        said=j.decode(row.said),
        response=j.decode(row.response),
        warmth=row.warmth,
        openness=row.openness,
        tags=[j.decode(t) for t in row.tags or []],
        said_verdict=row.said_verdict,
        said_score=row.said_score,
        said_labels=list(row.said_labels or []),
        pull_count=row.pull_count,
        push_count=row.push_count,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
