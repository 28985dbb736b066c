"""The safety screen: points to help instead of coaching when she may be in danger."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from drawcloser.coach import literals, safety_model
from drawcloser.coach.report import Evidence, HelpResource, Safety
from drawcloser.coach.text import Span, folded, normalised, split_sentences

# Per text: its sentences' spans and normalised words, when the caller has them already.
Sentences = Sequence[Sequence[tuple[Span, str]]]


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


@dataclass(frozen=True, slots=True)
class _Units:
    """What the screen runs, in pieces the sieves can tell apart.

    Units are the danger patterns' top-level alternatives (a danger may match only through
    the alternatives whose words occur, so only those run), then the idioms, whole (they
    blank text, so they run as written). Idioms blank out words before the dangers are
    searched, so every unit is tested on the original text with conditions that allow for
    the blanks (see ``literals``).
    """

    sources: tuple[str, ...]
    danger_of: tuple[int, ...]  # the danger pattern of each danger unit
    n_danger_units: int
    needs: tuple[literals.Dnf, ...]
    sieve: literals.Sieve  # one text at a time


@cache
def _units(idioms: tuple[str, ...], dangers: tuple[tuple[str, str], ...]) -> _Units:
    sources: list[str] = []
    danger_of: list[int] = []
    for d, (_, pattern) in enumerate(dangers):
        branches = literals.top_level_branches(pattern)
        sources += branches
        danger_of += [d] * len(branches)
    n_danger_units = len(sources)
    sources += idioms
    needs = [literals.requirements(source, blanked=True) for source in sources]
    return _Units(
        tuple(sources), tuple(danger_of), n_danger_units, tuple(needs), literals.Sieve.of(needs)
    )


@cache
def _batch_sieve(
    idioms: tuple[str, ...], dangers: tuple[tuple[str, str], ...]
) -> literals.BatchSieve:
    # Built on the first batch: a single check (the command line) never needs it.
    return literals.BatchSieve.of(_units(idioms, dangers).needs)


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
    return screen_texts([text], the_screen)[0]


_BATCH_FROM = 8  # texts past the gate from which testing them together is the faster way


def screen_texts(
    texts: Sequence[str],
    the_screen: Screen | None = None,
    sentences: Sentences | None = None,
    *,
    learned: bool = True,
) -> list[Safety | None]:
    """``screen_text`` of each text: the patterns, then the learned model (when built and
    ``learned``) for what they miss. ``sentences``: see ``learned_units``."""
    s = the_screen or screen()
    out = _patterns(texts, s)
    model = safety_model.load() if learned else None
    if model is not None and texts:
        _add_learned(texts, out, s, model, sentences)
    return out


def learned_units(
    texts: Sequence[str], sentences: Sentences | None = None
) -> tuple[list[str], npt.NDArray[np.int64], list[tuple[int, int] | None]]:
    """What the learned screen reads: (normalised units, the text each is from, the span of
    a sentence or None for a whole message).

    Each sentence as written (reported speech included: his threats are often quoted),
    and the whole message when it has several, since danger is sometimes told across two
    ("He came home drunk. His hands were on my neck.").
    """
    units: list[str] = []
    owner: list[int] = []
    spans: list[tuple[int, int] | None] = []
    for i, text in enumerate(texts):
        parts = (
            sentences[i]
            if sentences is not None
            else [(sp, normalised(text[sp.start : sp.end])) for sp in split_sentences(text)]
        )
        for span, plain in parts:
            units.append(plain)
            owner.append(i)
            spans.append((span.start, span.end))
        if len(parts) > 1:
            units.append(" ".join(plain for _, plain in parts))
            owner.append(i)
            spans.append(None)
    return units, np.array(owner, np.int64), spans


def _add_learned(
    texts: Sequence[str],
    out: list[Safety | None],
    s: Screen,
    model: safety_model.SafetyModel,
    sentences: Sentences | None,
) -> None:
    units, owner, spans = learned_units(texts, sentences)
    p, kind = model.screen(units)
    hits: dict[int, list[int]] = {}
    for u in np.flatnonzero(p >= model.threshold).tolist():
        hits.setdefault(int(owner[u]), []).append(u)
    for i, found in hits.items():
        text = texts[i]
        top = max(found, key=lambda u: float(p[u]))
        # Sentences point at the words; the whole message only when no sentence alone did.
        pointed = [span for span in (spans[u] for u in found) if span is not None]
        if not pointed:
            pointed = [_trimmed(text)]
        evidence = [Evidence(a, b, text[a:b]) for a, b in pointed]
        learned_kind = safety_model.KINDS[int(kind[top])]
        current = out[i]
        if current is None:
            out[i] = Safety([learned_kind], s.message, list(s.resources), evidence)
            continue
        if learned_kind not in current.kinds:
            current.kinds.append(learned_kind)
        known = {(e.start, e.end) for e in current.evidence}
        current.evidence.extend(e for e in evidence if (e.start, e.end) not in known)


def _trimmed(text: str) -> tuple[int, int]:
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _patterns(texts: Sequence[str], s: Screen) -> list[Safety | None]:
    """The patterns' verdict on each text; the words they need are looked for in all at
    once."""
    out: list[Safety | None] = [None] * len(texts)
    lowered = [folded(text) for text in texts]
    passed = [i for i, low in enumerate(lowered) if s.gate.search(low)]
    if not passed:
        return out
    units = _units(s.idiom_sources, s.danger_sources)
    # Only the units that may match run: the others cannot change the outcome.
    possible: Sequence[Collection[int]]
    if len(passed) < _BATCH_FROM:
        possible = [units.sieve.possible(lowered[i]) for i in passed]
    else:
        batch = _batch_sieve(s.idiom_sources, s.danger_sources)
        possible = batch.possible([lowered[i] for i in passed])
    for i, may in zip(passed, possible, strict=True):
        out[i] = _screen_one(texts[i], lowered[i], may, s, units)
    return out


def _screen_one(
    text: str, lowered: str, possible: Collection[int], s: Screen, units: _Units
) -> Safety | None:
    may = sorted(possible)
    if not may or may[0] >= units.n_danger_units:
        return None
    for u in may:
        if u >= units.n_danger_units:
            lowered = _compiled(units.sources[u]).sub(_blank, lowered)
    # Per danger pattern, the whole pattern's match: the one of its units' matches that
    # starts first, the earliest unit on a tie. Units come in pattern order.
    found: dict[int, re.Match[str]] = {}
    for u in may:
        if u >= units.n_danger_units:
            break
        m = _compiled(units.sources[u]).search(lowered)
        if m:
            d = units.danger_of[u]
            best = found.get(d)
            if best is None or m.start() < best.start():
                found[d] = m
    if not found:
        return None
    kinds: list[str] = []
    evidence: list[Evidence] = []
    for d, m in found.items():
        kind = s.danger_sources[d][0]
        if kind not in kinds:
            kinds.append(kind)
        evidence.append(Evidence(m.start(), m.end(), text[m.start() : m.end()]))
    return Safety(kinds, s.message, list(s.resources), evidence)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())
