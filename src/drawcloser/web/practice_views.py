"""What the Today, Journal, Remember and Actions pages share: her journal as a dependency,
plain-word ratings, stored check labels made readable, short notices after a save, and the
mapping of the library's errors to HTTP statuses.

Pure helpers over the practice library, so the route modules stay thin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from drawcloser import messages
from drawcloser.coach.report import Safety
from drawcloser.coach.taxonomy import taxonomy
from drawcloser.errors import BadInput
from drawcloser.practice.checkins import Entry
from drawcloser.web.errors import WebError

T = TypeVar("T")

RATING_VALUES = (-2, -1, 0, 1, 2)
# What each end of the two scales means, in her words.
SCALES: dict[str, tuple[str, str, str]] = {
    # name: (legend, the low end, the high end)
    "warmth": ("Warmth or weariness", "weary", "warm"),
    "openness": ("Openness or tension", "tense", "open"),
}
_DEGREE = {
    -2: "very {low}",
    -1: "a little {low}",
    0: "neither",
    1: "a little {high}",
    2: "very {high}",
}

# Short notices after a save (POST, redirect, GET ?note=...): keys, never free text, so a
# link cannot make the page say anything else.
NOTES = {
    "saved": messages.WEB_CHECKIN_SAVED,
    "updated": messages.WEB_CHECKIN_UPDATED,
    "deleted": messages.WEB_CHECKIN_DELETED,
    "kept": messages.WEB_REMEMBER_SAVED,
    "forgotten": messages.WEB_REMEMBER_DELETED,
    "added": messages.WEB_ACTION_ADDED,
    "removed": messages.WEB_ACTION_DELETED,
}

VERDICT_WORDS = {
    "push": "may have pushed him away",
    "mixed": "warm, with some push",
    "pull": "drew him closer",
    "neutral": "plain and easy to hear",
}


def note(key: str | None) -> str:
    return NOTES.get(key or "", "")


def signed(value: int) -> str:
    """+1, 0, −2 (a real minus sign, as she would write it)."""
    return f"{value:+d}".replace("-", "\u2212") if value else "0"


def degree(scale: str, value: int) -> str:
    _, low, high = SCALES[scale]
    return _DEGREE[value].format(low=low, high=high)


def rating_words(scale: str, value: int) -> str:
    """ "Warmth +1 (a little warm)" — what a screen reader says for the little scale."""
    legend = SCALES[scale][0].split(" ", 1)[0]
    return f"{legend} {signed(value)} ({degree(scale, value)})"


@dataclass(frozen=True, slots=True)
class LabelView:
    name: str
    title: str
    polarity: str
    text: str  # push: what he may hear; pull: why it works


def labels(entry: Entry) -> list[LabelView]:
    """The stored labels of what she said, push first, each with a line of meaning."""
    found: list[LabelView] = []
    known = taxonomy().labels
    for name in entry.said_labels:
        label = known.get(name)
        if label is None or label.polarity not in ("push", "pull"):
            continue
        text = label.hears if label.polarity == "push" else (label.why or "")
        found.append(LabelView(name, label.title, label.polarity, text))
    return sorted(found, key=lambda v: (v.polarity != "push", v.title))


def advice(entry: Entry) -> str:
    """One thing to try next time, from the first pushing label (empty when none)."""
    known = taxonomy().labels
    for name in entry.said_labels:
        label = known.get(name)
        if label is not None and label.polarity == "push" and label.antidote_hint:
            return label.antidote_hint
    return ""


def safety(entry: Entry) -> Safety | None:
    """The safety section when anything in the entry suggests she may not be safe: then the
    page shows where to get help instead of coaching, every time the entry is shown."""
    from drawcloser.coach.safety import screen_text

    for text in (entry.said, entry.happened, entry.response):
        if text:
            found = screen_text(text)
            if found is not None:
                return found
    return None


def tags_of(raw: str) -> list[str]:
    """Tags typed in one box, separated by commas (or spaces, as the CLI takes them)."""
    return [t for part in raw.split(",") for t in part.split() if t]


def rating_field(raw: str | None, scale: str) -> int:
    """A rating from a form: a whole number −2..+2, else BadInput with her words."""
    name = SCALES[scale][0].split(" ", 1)[0]
    if raw is None or not raw.strip():
        raise BadInput(messages.WEB_RATING_MISSING.format(name=name.lower()))
    cleaned = raw.strip().replace("\u2212", "-")
    try:
        value = int(cleaned)
    except ValueError:
        raise BadInput(messages.RATING_RANGE.format(name=name, value=raw)) from None
    if value not in RATING_VALUES:
        raise BadInput(messages.RATING_RANGE.format(name=name, value=raw))
    return value


def unprocessable(exc: BadInput) -> WebError:
    return WebError(422, str(exc))


def found_or_404(lookup: Callable[[], T], message: str) -> T:
    """The library says "unknown id" with a BadInput; here that is a 404."""
    try:
        return lookup()
    except BadInput:
        raise WebError(404, message) from None
