"""The app's places: the bottom tab bar and the settings link.

Every page module adds itself here once; until a page exists its tab still shows (so the
shape of the app is there from the start) and the 404 page says it is on its way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    path: str
    label: str
    icon: str  # a macro name in templates/_icons.html
    soon: str  # what the 404 page says while the page does not exist yet


TABS = (
    Place("/today", "Today", "today", "Your day at a glance is on its way."),
    Place("/check", "Check", "check", ""),
    Place("/journal", "Journal", "journal", "A journal of the moments that matter is on its way."),
    Place("/remember", "Remember", "remember", "A place to remember who you were is on its way."),
    Place("/progress", "Progress", "progress", "Your progress, week by week, is on its way."),
)
SETTINGS = Place("/settings", "Settings", "settings", "Settings are on their way.")
HOME = "/check"  # where "/" leads; the journal phase points it at /today

PLACES = {p.path: p for p in (*TABS, SETTINGS)}


def active(path: str) -> str:
    """The place a request path belongs to ("/journal/3" belongs to "/journal")."""
    for place in PLACES:
        if path == place or path.startswith(place + "/"):
            return place
    return ""
