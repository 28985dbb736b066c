"""The safety screen: points to help instead of coaching when she may be in danger."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from drawcloser.coach import literals
from drawcloser.coach.report import Evidence, HelpResource, Safety
from drawcloser.coach.text import folded


@dataclass(frozen=True, slots=True)
class Screen:
    prefilter: re.Pattern[str]
    idiom_sources: tuple[str, ...]
    danger_sources: tuple[tuple[str, str], ...]
    message: str
    resources: tuple[HelpResource, ...]
    # The same test as ``prefilter``, written as a trie: ten times faster on a miss.
    gate: re.Pattern[str]

    # The full patterns are large and slow to compile, and most messages never need them:
    # each is compiled on the first message that may match it.
    @property
    def idioms(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_compiled(s) for s in self.idiom_sources)

    @property
    def dangers(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((kind, _compiled(s)) for kind, s in self.danger_sources)


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@cache
def _sieve(idioms: tuple[str, ...], dangers: tuple[tuple[str, str], ...]) -> literals.Sieve:
    """Which idioms and danger patterns may match a text: dangers first, then idioms.

    Idioms blank out words before the dangers are searched, so both are tested on the
    original text with conditions that allow for the blanks (see ``literals``).
    """
    sources = [pattern for _, pattern in dangers] + list(idioms)
    return literals.Sieve.of([literals.requirements(s, blanked=True) for s in sources])


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
    # A stem that contains another stem adds nothing to "does any stem occur".
    shortest = [s for s in stems if not any(o != s and o in s for o in stems)]
    return Screen(
        prefilter=re.compile("|".join(re.escape(s) for s in stems)),
        idiom_sources=tuple(i["pattern"] for i in raw["idiom"]),
        danger_sources=tuple((d["kind"], d["pattern"]) for d in raw["danger"]),
        message=message,
        resources=tuple(
            HelpResource(r["name"], r["contact"], r.get("note", "")) for r in help_items
        ),
        gate=re.compile(literals.trie_pattern(shortest)),
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
    if not s.gate.search(lowered):
        return None
    # Only the patterns that may match run: the others cannot change the outcome.
    possible = _sieve(s.idiom_sources, s.danger_sources).possible(lowered)
    n_dangers = len(s.danger_sources)
    if not any(i < n_dangers for i in possible):
        return None
    for i, source in enumerate(s.idiom_sources, n_dangers):
        if i in possible:
            lowered = _compiled(source).sub(_blank, lowered)
    kinds: list[str] = []
    evidence: list[Evidence] = []
    for i, (kind, source) in enumerate(s.danger_sources):
        if i not in possible:
            continue
        m = _compiled(source).search(lowered)
        if m:
            if kind not in kinds:
                kinds.append(kind)
            evidence.append(Evidence(m.start(), m.end(), text[m.start() : m.end()]))
    if not kinds:
        return None
    return Safety(kinds, s.message, list(s.resources), evidence)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())
