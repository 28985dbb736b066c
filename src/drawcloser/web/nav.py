"""The app's places: the bottom tab bar, the settings link, and the places reached from them.

Every page module adds itself here once: the tab bar, the 404 page and the tests read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    path: str
    label: str
    icon: str  # a macro name in templates/_icons.html
    under: str = ""  # the tab that lights up for a place that is not a tab itself


TABS = (
    Place("/today", "Today", "today"),
    Place("/check", "Check", "check"),
    Place("/journal", "Journal", "journal"),
    Place("/remember", "Remember", "remember"),
    Place("/progress", "Progress", "progress"),
)
SETTINGS = Place("/settings", "Settings", "settings")
# Reached from a tab, not tabs themselves: five tabs stay readable at 375 px.
ACTIONS = Place("/actions", "Actions", "today", "/today")
CHATS = Place("/chats", "Chats", "progress", "/progress")
HOME = "/today"  # where "/" leads

PLACES = {p.path: p for p in (*TABS, SETTINGS, ACTIONS, CHATS)}


def active(path: str) -> str:
    """The tab a request path belongs to ("/journal/3" belongs to "/journal", "/actions" to
    "/today")."""
    for place in PLACES.values():
        if path == place.path or path.startswith(place.path + "/"):
            return place.under or place.path
    return ""
