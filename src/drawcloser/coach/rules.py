"""Rule evidence: patterns from ``data/rules.toml`` that point at the words carrying a label.

Rules are data. This module only loads them, picks the few whose anchor words occur in a
sentence, and applies the same three safeguards to every rule: negation just before the
match, an ``unless`` pattern just after or before it, and reported speech (words inside
quotation marks, or after "he said", are not hers to be coached on).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from drawcloser.coach.text import Span, folded

_NEGATORS = frozenset(
    "not never no dont doesnt didnt isnt wasnt wont cant cannot wouldnt shouldnt arent "
    "hardly stop".split()
)
_QUOTED = re.compile(r"\"[^\"]{1,200}\"|“[^”]{1,200}”|(?<![a-z])'[^']{3,200}'(?![a-z])")
_REPORTING = re.compile(
    r"\b(?:he|she|they|my (?:boss|mom|mum|mother|dad|sister|brother|friend|coworker|colleague"
    r"|manager|therapist|neighbou?r)|his (?:boss|mom|mum|mother|dad|sister|brother|friend)"
    r"|her (?:boss|husband|mom|mum)|[A-Z][a-z]+)\s+(?:said|says|told (?:me|him|her|us)"
    r"|asked(?: me| him)?|texted|wrote|yelled|was like|goes|keeps saying)\b[,:]?",
)
_MAY_REPORT = re.compile(
    r"[\"“]|'[^']{3}|\b(?:said|says|told|asked|texted|wrote|yelled|like|goes|keeps)\b"
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    label: str
    source: str
    strong: bool
    negatable: bool
    unless_after_source: str | None
    unless_before_source: str | None

    # Compiled on first use: a single check (the command line) needs only a few rules,
    # and compiling all of them would be a tenth of its run.
    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)

    @property
    def unless_after(self) -> re.Pattern[str] | None:
        return _compiled(self.unless_after_source) if self.unless_after_source else None

    @property
    def unless_before(self) -> re.Pattern[str] | None:
        return _compiled(self.unless_before_source) if self.unless_before_source else None


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@dataclass(frozen=True, slots=True)
class Match:
    rule: Rule
    span: Span


@dataclass(frozen=True, slots=True)
class RuleBook:
    rules: tuple[Rule, ...]
    by_anchor: dict[str, tuple[Rule, ...]]
    anchors: frozenset[str] = frozenset()  # the keys of ``by_anchor``, as a set

    def candidates(self, words: set[str]) -> list[Rule]:
        # Most words anchor nothing: intersecting first leaves the loop a word or two.
        anchored = words & self.anchors
        if not anchored:
            return []
        seen: dict[str, Rule] = {}
        for word in anchored:
            for rule in self.by_anchor[word]:
                seen[rule.id] = rule
        return list(seen.values())


@cache
def rulebook() -> RuleBook:
    raw = tomllib.loads(resources.files("drawcloser.coach.data").joinpath("rules.toml").read_text())
    rules: list[Rule] = []
    index: dict[str, list[Rule]] = {}
    for i, entry in enumerate(raw["rule"]):
        rule = Rule(
            id=f"{entry['label']}.{i}",
            label=entry["label"],
            source=entry["pattern"],
            strong=entry.get("strength", "hint") == "strong",
            negatable=entry.get("negatable", True),
            unless_after_source=entry.get("unless_after") or None,
            unless_before_source=entry.get("unless_before") or None,
        )
        rules.append(rule)
        for anchor in entry["anchors"]:
            index.setdefault(anchor, []).append(rule)
    return RuleBook(tuple(rules), {k: tuple(v) for k, v in index.items()}, frozenset(index))


def reported_spans(sentence: str) -> list[Span]:
    """Parts of the sentence that report someone else's words."""
    spans = [Span(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]
    for m in _REPORTING.finditer(sentence):
        # "my boss said we need to talk": everything after the reporting verb is his.
        spans.append(Span(m.start(), len(sentence)))
    return spans


_REPORTING_WORDS = frozenset("said says told asked texted wrote yelled like goes keeps".split())
_QUOTE_AHEAD = re.compile(r"'[^']{3}")


def may_report(sentence: str, words: set[str] | None = None) -> bool:
    """Cheap test before looking for reported speech. ``words``: its normalised tokens.

    The same answer as ``_MAY_REPORT`` (or yes where it says no, which costs only time),
    one part at a time, each with a quick test first.
    """
    if '"' in sentence or "“" in sentence:
        return True
    if "'" in sentence and _QUOTE_AHEAD.search(sentence):
        return True
    if words is not None and sentence.isascii() and "'" not in sentence:
        # An ASCII word the pattern finds between word boundaries, with no apostrophe to
        # join it to its neighbours, is one of the tokens, lower-cased.
        return not _REPORTING_WORDS.isdisjoint(words)
    if not any(w in sentence for w in _REPORTING_WORDS):
        return False
    return _MAY_REPORT.search(sentence) is not None


def find(
    sentence: str,
    words: set[str],
    reported: list[Span] | None = None,
    book: RuleBook | None = None,
) -> list[Match]:
    """Rule matches in one sentence. ``words`` are its normalised tokens."""
    book = book or rulebook()
    candidates = book.candidates(words)
    if not candidates:
        return []
    text = folded(sentence)
    if reported is None:
        reported = reported_spans(sentence) if may_report(sentence) else []
    found: list[Match] = []
    for rule in candidates:
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if start == end:
                continue
            # The pattern may include leading whitespace or punctuation; point at words.
            while start < end and not text[start].isalnum() and not _is_symbol(text[start]):
                start += 1
            if any(r.start <= start and end <= r.end for r in reported):
                continue
            before = text[max(0, start - 40) : start]
            if rule.negatable and _negated(before):
                continue
            if rule.unless_after and rule.unless_after.match(text[end : end + 80]):
                continue
            if rule.unless_before and rule.unless_before.search(before):
                continue
            found.append(Match(rule, Span(start, end)))
    return found


def _negated(before: str) -> bool:
    """A negation among the three words just before a match."""
    words = before.replace("'", "").split()[-3:]
    return any(w.strip(".,!?;:") in _NEGATORS for w in words)


def _is_symbol(ch: str) -> bool:
    return ch in "?!" or ord(ch) > 0x2000
