"""The safety screen: points to help instead of coaching when she may be in danger."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from drawcloser.coach.report import Evidence, HelpResource, Safety
from drawcloser.coach.text import folded


@dataclass(frozen=True, slots=True)
class Screen:
    prefilter: re.Pattern[str]
    idiom_sources: tuple[str, ...]
    danger_sources: tuple[tuple[str, str], ...]
    message: str
    resources: tuple[HelpResource, ...]

    # The full patterns are large and slow to compile, and most messages never need them:
    # they are compiled on the first message that passes the prefilter.
    @property
    def idioms(self) -> tuple[re.Pattern[str], ...]:
        return _compiled(self.idiom_sources)

    @property
    def dangers(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return _compiled_kinds(self.danger_sources)


@cache
def _compiled(sources: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s) for s in sources)


@cache
def _compiled_kinds(
    sources: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(s)) for kind, s in sources)


_custom_resources: Path | None = None


def use_resources(path: Path | None) -> None:
    """Show the help resources in ``path`` (TOML) instead of the defaults; None resets."""
    global _custom_resources
    if path is not None:
        load_resources(path)  # fail now, with a clear message, not in the middle of a check
    _custom_resources = path
    screen.cache_clear()


@cache
def screen() -> Screen:
    raw = tomllib.loads(
        resources.files("drawcloser.coach.data").joinpath("safety.toml").read_text()
    )
    help_items = raw["resource"]
    message = raw["message"]
    if _custom_resources is not None:
        custom = load_resources(_custom_resources)
        help_items = custom.get("resource", help_items)
        message = custom.get("message", message)
    stems = sorted(raw["prefilter"], key=len, reverse=True)
    return Screen(
        prefilter=re.compile("|".join(re.escape(s) for s in stems)),
        idiom_sources=tuple(i["pattern"] for i in raw["idiom"]),
        danger_sources=tuple((d["kind"], d["pattern"]) for d in raw["danger"]),
        message=message,
        resources=tuple(
            HelpResource(r["name"], r["contact"], r.get("note", "")) for r in help_items
        ),
    )


class ResourcesFileError(ValueError):
    pass


def load_resources(path: Path) -> dict[str, object]:
    """A help-resources file: ``message`` and ``[[resource]]`` name/contact/note (TOML)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ResourcesFileError(f"{path}: {exc}") from exc
    items = data.get("resource", [])
    if not isinstance(items, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("contact"), str)
        for r in items
    ):
        raise ResourcesFileError(f"{path}: each [[resource]] needs a name and a contact")
    return data


def screen_text(text: str, the_screen: Screen | None = None) -> Safety | None:
    """A Safety section when the text suggests danger, else None."""
    s = the_screen or screen()
    lowered = folded(text)
    if not s.prefilter.search(lowered):
        return None
    for idiom in s.idioms:
        lowered = idiom.sub(lambda m: " " * len(m.group()), lowered)
    kinds: list[str] = []
    evidence: list[Evidence] = []
    for kind, pattern in s.dangers:
        m = pattern.search(lowered)
        if m:
            if kind not in kinds:
                kinds.append(kind)
            evidence.append(Evidence(m.start(), m.end(), text[m.start() : m.end()]))
    if not kinds:
        return None
    return Safety(kinds, s.message, list(s.resources), evidence)
