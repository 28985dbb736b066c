"""Discreet mode for every page: a Jinja context processor that tells ``base.html`` whether
to show a neutral title, icon and app name ("Notes") instead of drawcloser's.

It reads one preference, with her account's other facts in one query (``deps.facts``); it
is not secret, so it works before her journal is unlocked. It never fails a page: anything
unexpected means "not discreet".
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request

from drawcloser.web import deps

NEUTRAL_NAME = "Notes"
NEUTRAL_MANIFEST = "/manifest-notes.webmanifest"
NEUTRAL_ICON = "img/notes.svg"  # under static/

log = logging.getLogger("drawcloser.web")


def is_discreet(request: Request) -> bool:
    if hasattr(request.state, "discreet"):
        return bool(request.state.discreet)
    found = False
    try:
        facts = deps.facts(request, deps.owner_id(request))
        found = facts is not None and facts.discreet
    except deps.NeedSignIn:
        pass
    except Exception as exc:  # a page must render even if the preference cannot be read
        log.warning("Discreet mode could not be read: %s", exc)
    request.state.discreet = found
    return found


def context(request: Request) -> dict[str, Any]:
    """For base.html: ``discreet`` (bool) and the neutral name, manifest and icon."""
    return {
        "discreet": is_discreet(request),
        "neutral_name": NEUTRAL_NAME,
        "neutral_manifest": NEUTRAL_MANIFEST,
        "neutral_icon": NEUTRAL_ICON,
    }
