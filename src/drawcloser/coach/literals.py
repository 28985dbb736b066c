"""The words a regular expression needs: a cheap test that tells when it cannot match.

The safety screen's patterns are large, and running all of them on every message is most of
the cost of a check. Yet a pattern such as ``\\b(?:he|my ex)\\s+(?:hit|shoved)\\s+me`` can
only match a text that contains "hit" or "shoved". This module reads a pattern's parsed form
and derives such a condition: a few alternatives, each a list of word sets (clauses), such
that any match contains at least one word of every clause of at least one alternative. A
text that fails the condition cannot match, so the pattern need not run; a text that passes
may or may not match, and the pattern decides. Only the first kind of answer is ever used,
so the test may be loose but never wrong: where a construct is not understood, it requires
nothing.

``Sieve`` then checks the conditions of many patterns with one regular-expression pass;
``BatchSieve`` checks them for many texts at once with numpy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

# The same polynomial hash as the features, sharing their cached table of powers.
from drawcloser.coach.features import _MIX, _P, _powers_for

if TYPE_CHECKING:  # typeshed describes the parser under its old, deprecated names
    import sre_constants as _c
    import sre_parse as _parser
else:
    from re import _constants as _c
    from re import _parser

Clause = frozenset[str]  # a match contains at least one of these words
Cnf = tuple[Clause, ...]  # ... and touches every clause
Dnf = tuple[Cnf, ...]  # ... of at least one of these alternatives
ALWAYS: Dnf = ((),)  # nothing known: the pattern must run

_EXACT_LIMIT = 64  # most strings tracked for a run of literal characters
_CAP = 512  # most alternatives kept per pattern; beyond, they merge into one clause
_RANGE_LIMIT = 16  # a character class wider than this is "any character"
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


class _Unknowable(Exception):
    """The pattern uses something the analysis does not model (case-insensitive parts)."""


@dataclass(frozen=True, slots=True)
class _Words:
    """How literal words become clauses (see ``requirements``)."""

    min_len: int
    blanked: bool

    def clause(self, strings: Iterable[str]) -> Dnf:
        words = set()
        for s in strings:
            if self.blanked:
                # Blanking turns characters into spaces, so only the space-free pieces of a
                # word are sure to be in the original text; the longest one stands for it.
                s = max(s.split(" "), key=len)
            if len(s) < self.min_len:
                return ALWAYS  # too common a word to tell anything
            words.add(s)
        return ((frozenset(words),),) if words else ALWAYS


def requirements(pattern: str, *, min_len: int = 2, blanked: bool = False) -> Dnf:
    """A condition every text the (case-sensitive) ``pattern`` matches satisfies.

    ``min_len``: words shorter than this are too common to be worth checking, so a clause
    holding one is dropped (which only loosens the condition). ``blanked``: the pattern
    runs on a copy of the text where some characters were replaced by spaces, and the
    condition is checked on the original.
    """
    tree = _parser.parse(pattern)
    if tree.state.flags & _c.SRE_FLAG_IGNORECASE:
        return ALWAYS
    words = _Words(min_len, blanked)
    try:
        return _simplified(_need(_seq(tree.data, words), words))
    except _Unknowable:
        return ALWAYS


_Info = tuple[frozenset[str] | None, Dnf]  # (every string the part can match, or None; need)


def _need(info: _Info, words: _Words) -> Dnf:
    """Everything a part requires, its exact strings included."""
    exact, need = info
    return need if exact is None else _and(need, words.clause(exact))


def _seq(items: Sequence[tuple[Any, Any]], words: _Words) -> _Info:
    need = ALWAYS
    run: frozenset[str] | None = frozenset({""})  # strings of the current literal run
    whole = True
    for op, av in items:
        exact, part = _node(op, av, words)
        need = _and(need, part)
        if exact is not None and run is not None and len(run) * len(exact) <= _EXACT_LIMIT:
            run = frozenset(a + b for a in run for b in exact)
            continue
        whole = False
        if run is not None:
            need = _and(need, words.clause(run))
        run = exact
    if whole:
        return run, need
    if run is not None:
        need = _and(need, words.clause(run))
    return None, need


def _node(op: Any, av: Any, words: _Words) -> _Info:
    if op == _c.LITERAL:
        return frozenset({chr(av)}), ALWAYS
    if op == _c.IN:
        return _char_class(av), ALWAYS
    if op in (_c.AT, _c.ASSERT_NOT):
        return frozenset({""}), ALWAYS
    if op == _c.ASSERT:
        # A lookaround matches nothing itself, but what it looks for is in the text.
        return frozenset({""}), _need(_seq(av[1].data, words), words)
    if op == _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & _c.SRE_FLAG_IGNORECASE:
            raise _Unknowable
        return _seq(sub.data, words)
    if op == getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av.data, words)
    if op == _c.BRANCH:
        return _branch(av[1], words)
    if op in _REPEATS:
        return _repeat(av, words)
    return None, ALWAYS  # anything else: unknown strings, no requirement


def _char_class(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for kind, value in items:
        if kind == _c.LITERAL:
            chars.add(chr(value))
        elif kind == _c.RANGE and value[1] - value[0] < _RANGE_LIMIT:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:  # negation, categories (\w, \s), wide ranges
            return None
    return frozenset(chars)


def _branch(alternatives: Sequence[Any], words: _Words) -> _Info:
    infos = [_seq(alternative.data, words) for alternative in alternatives]
    exact: frozenset[str] | None = frozenset()
    for strings, _ in infos:
        if exact is None or strings is None or len(exact) + len(strings) > _EXACT_LIMIT:
            exact = None
            break
        exact |= strings
    if exact is not None:  # the strings themselves say the rest
        return exact, _or([need for _, need in infos])
    return None, _or([_need(info, words) for info in infos])


def _repeat(av: tuple[int, int, Any], words: _Words) -> _Info:
    low, high, sub = av
    info = _seq(sub.data, words)
    exact = info[0]
    if low == 0:  # may match nothing: requires nothing
        return (exact | {""} if exact is not None and high == 1 else None), ALWAYS
    if exact is not None and low == high and len(exact) ** low <= _EXACT_LIMIT:
        out = frozenset({""})
        for _ in range(low):
            out = frozenset(a + b for a in out for b in exact)
        return out, info[1]
    return None, _need(info, words)


def _and(a: Dnf, b: Dnf) -> Dnf:
    if a == ALWAYS:
        return b
    if b == ALWAYS:
        return a
    if len(a) * len(b) > _CAP:
        a, b = sorted((a, b), key=len)
        b = _merged(b)
        if len(a) * len(b) > _CAP:
            a = _merged(a)
    return tuple(x + y for x in a for y in b)


def _or(needs: Sequence[Dnf]) -> Dnf:
    out: list[Cnf] = []
    single: set[str] = set()  # alternatives of one clause each are one clause together
    for need in needs:
        for cnf in need:
            if not cnf:
                return ALWAYS
            if len(cnf) == 1:
                single |= cnf[0]
            else:
                out.append(cnf)
    if single:
        out.append((frozenset(single),))
    return _merged(tuple(out)) if len(out) > _CAP else tuple(out)


def _merged(need: Dnf) -> Dnf:
    """Too many alternatives: one clause, the union of each alternative's best clause."""
    words: set[str] = set()
    for cnf in need:
        if not cnf:
            return ALWAYS
        words |= min(cnf, key=lambda clause: _weakness(frozenset(clause)))
    return ((frozenset(words),),)


def _weakness(clause: Clause) -> float:
    """Roughly how likely a text holds one of the words: short words are everywhere."""
    return sum(0.3 ** len(w) for w in clause)


def _simplified(need: Dnf) -> Dnf:
    """Each alternative with its clauses deduplicated, the most telling one first."""
    if ALWAYS[0] in need:
        return ALWAYS
    out = []
    for cnf in need:
        out.append(tuple(sorted(set(cnf), key=lambda c: (_weakness(c), sorted(c)))))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Sieve:
    """Which of many patterns may match a text, found with one pass over it.

    One regular expression finds every listed word in the text (a trie, so each position
    costs a few character tests). Each alternative is filed under the words of its most
    telling clause, so only alternatives whose first clause is touched are looked at.
    """

    scan: re.Pattern[str]
    # What finding each word means, the words it starts with included: the scan reports
    # only the longest listed word at each position.
    found: dict[str, _Found]
    always: frozenset[int]

    @classmethod
    def of(cls, needs: Sequence[Dnf]) -> Sieve:
        sure: dict[str, set[int]] = {}  # word -> patterns that word alone lets through
        filed: dict[str, list[tuple[int, Cnf]]] = {}  # word -> (pattern, other clauses)
        always = set()
        vocabulary: set[str] = set()
        for i, need in enumerate(needs):
            for cnf in need:
                if not cnf:
                    always.add(i)
                    continue
                for word in cnf[0]:
                    if len(cnf) == 1:
                        sure.setdefault(word, set()).add(i)
                    else:
                        filed.setdefault(word, []).append((i, cnf[1:]))
                for clause in cnf:
                    vocabulary |= clause
        found = {}
        for word in vocabulary:
            words = [p for p in _prefixes(word) if p in vocabulary]
            found[word] = _Found(
                frozenset(words),
                frozenset(i for w in words for i in sure.get(w, ())),
                tuple(entry for w in words for entry in filed.get(w, ())),
            )
        scan = re.compile(f"(?=({trie_pattern(vocabulary)}))") if vocabulary else re.compile("$^")
        return cls(scan, found, frozenset(always))

    def possible(self, text: str) -> set[int]:
        """Indexes of the patterns that may match ``text``."""
        out = set(self.always)
        hits = [self.found[word] for word in set(self.scan.findall(text))]
        pending: list[tuple[int, Cnf]] = []
        for hit in hits:
            out |= hit.sure
            pending += hit.filed
        if pending:
            present = frozenset().union(*[hit.words for hit in hits])
            for i, rest in pending:
                if i in out:
                    continue
                for clause in rest:
                    if present.isdisjoint(clause):
                        break
                else:
                    out.add(i)
        return out


@dataclass(frozen=True, slots=True)
class _Found:
    words: frozenset[str]  # the listed words present, this one and those it starts with
    sure: frozenset[int]  # patterns these words alone let through
    filed: tuple[tuple[int, Cnf], ...]  # alternatives first filed under them: (pattern, rest)


def _prefixes(word: str) -> list[str]:
    return [word[:n] for n in range(1, len(word) + 1)]


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression for any of ``words``, shaped as a trie.

    Python's engine tries the branches of an alternation one by one at every position;
    sharing prefixes means a position is rejected after a few character tests instead of
    one per word. At a given position it matches the longest word that starts there.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_source(root)


def _trie_source(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_source(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body}|)" if "" in node else body


def top_level_branches(pattern: str) -> list[str]:
    """The alternatives of ``pattern``'s outermost ``|``: ``"|".join`` of them gives it back.

    A search for the whole pattern finds the match, among the alternatives' own first
    matches, that starts first (the earliest alternative on a tie), so alternatives may be
    searched on their own. That holds while no alternative refers to another's group, so a
    pattern with groups, or with inline flags the pieces would not keep, stays whole.
    """
    pieces, depth, start, i, n = [], 0, 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: its brackets and bars are characters
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    pieces.append(pattern[start:])
    whole = re.compile(pattern)
    # Inline flags can only open a pattern, so without any each piece has the default ones.
    if len(pieces) == 1 or whole.groups or whole.flags != _DEFAULT_FLAGS:
        return [pattern]
    return pieces


_DEFAULT_FLAGS = re.compile("").flags


_TABLE_BITS = 16
_MAX_WORD = 8  # longer words are looked for by their first characters


def _word_hash(word: str) -> int:
    h = sum(ord(ch) * pow(_P, j, 1 << 64) for j, ch in enumerate(word)) % (1 << 64)
    return (h * _MIX) % (1 << 64)


def _pointers(lengths: Sequence[int]) -> npt.NDArray[np.int64]:
    out = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(np.asarray(lengths, np.int64), out=out[1:])
    return out


@dataclass(frozen=True, slots=True)
class BatchSieve:
    """What ``Sieve`` tells, for many texts at once with numpy: a superset of it.

    Every window of the joined texts, of each length a listed word has, is hashed (the
    position-independent polynomial hash of ``features``), and the hashes are looked up;
    words longer than eight characters are looked for by their first eight. A hash
    collision or a shortened word can only report a word that is not there, so, as with
    ``Sieve``, a pattern left out cannot match, and one let through is decided by running it.
    Conditions are then evaluated for all texts at once, as bit sets over the texts.
    """

    n_patterns: int
    n_words: int
    lengths: tuple[int, ...]
    tables: tuple[npt.NDArray[np.bool_], ...]  # per length: is any word's hash in this bucket
    hashes: tuple[npt.NDArray[np.uint64], ...]  # per length: the words' hashes, sorted
    ids: tuple[npt.NDArray[np.int64], ...]  # per length: the word of each hash
    clause_words: npt.NDArray[np.int64]  # clause i: clause_words[clause_ptr[i]:...]
    clause_ptr: npt.NDArray[np.int64]
    alt_clauses: npt.NDArray[np.int64]  # alternative i: alt_clauses[alt_ptr[i]:...]
    alt_ptr: npt.NDArray[np.int64]
    pattern_ptr: npt.NDArray[np.int64]  # pattern i: alternatives pattern_ptr[i]:...
    always: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, needs: Sequence[Dnf]) -> BatchSieve:
        word_ids: dict[str, int] = {}
        clause_ids: dict[frozenset[int], int] = {}
        alternatives: list[list[int]] = []
        per_pattern: list[int] = []
        always = np.zeros(len(needs), bool)
        for i, need in enumerate(needs):
            count = 0
            for cnf in need:
                if not cnf:
                    always[i] = True
                    continue
                alternative: list[int] = []
                for clause in cnf:
                    members = frozenset(
                        word_ids.setdefault(w[:_MAX_WORD], len(word_ids)) for w in clause
                    )
                    alternative.append(clause_ids.setdefault(members, len(clause_ids)))
                alternatives.append(alternative)
                count += 1
            per_pattern.append(count)
        by_length: dict[int, list[tuple[int, int]]] = {}
        for word, wid in word_ids.items():
            by_length.setdefault(len(word), []).append((_word_hash(word), wid))
        lengths: list[int] = []
        tables: list[npt.NDArray[np.bool_]] = []
        hashes: list[npt.NDArray[np.uint64]] = []
        ids: list[npt.NDArray[np.int64]] = []
        for length, entries in sorted(by_length.items()):
            entries.sort()
            h = np.array([e[0] for e in entries], np.uint64)
            table = np.zeros(1 << _TABLE_BITS, bool)
            table[h >> np.uint64(64 - _TABLE_BITS)] = True
            lengths.append(length)
            tables.append(table)
            hashes.append(h)
            ids.append(np.array([e[1] for e in entries], np.int64))
        clauses = sorted(clause_ids, key=clause_ids.__getitem__)  # in id order
        return cls(
            len(needs),
            len(word_ids),
            tuple(lengths),
            tuple(tables),
            tuple(hashes),
            tuple(ids),
            np.array([w for c in clauses for w in sorted(c)], np.int64),
            _pointers([len(c) for c in clauses]),
            np.array([c for a in alternatives for c in a], np.int64),
            _pointers([len(a) for a in alternatives]),
            _pointers(per_pattern),
            always,
        )

    def possible(self, texts: Sequence[str]) -> list[list[int]]:
        """For each text, the indexes (ascending) of the patterns that may match it."""
        n = len(texts)
        if n == 0:
            return []
        # No listed word holds a NUL, so no window that crosses one is a word.
        joined = "\x00".join(texts)
        owner = np.repeat(
            np.arange(n, dtype=np.int64), np.fromiter((len(t) + 1 for t in texts), np.int64, n)
        )
        codes = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.uint64)
        size = len(codes)
        fwd, inv = _powers_for(size + 1)
        prefix = np.zeros(size + 1, np.uint64)
        width = -(-n // 64) * 64  # whole 64-bit words of texts, so bit rows can be uint64
        present = np.zeros((self.n_words, width), bool)
        shift = np.uint64(64 - _TABLE_BITS)
        with np.errstate(over="ignore"):
            np.cumsum(codes * fwd[:size], out=prefix[1:])
            for length, table, hashes, ids in zip(
                self.lengths, self.tables, self.hashes, self.ids, strict=True
            ):
                if length > size:
                    break
                windows = size - length + 1
                h = (prefix[length:] - prefix[:windows]) * inv[:windows] * np.uint64(_MIX)
                where = np.flatnonzero(table[h >> shift])
                if len(where) == 0:
                    continue
                found = h[where]
                j = np.minimum(np.searchsorted(hashes, found), len(hashes) - 1)
                hit = hashes[j] == found
                present[ids[j[hit]], owner[where[hit]]] = True
        # One row of bits over the texts per word; then per clause, alternative, pattern.
        bits = np.packbits(present, axis=1).view(np.uint64)
        out = np.zeros((self.n_patterns, n), bool)
        if len(self.alt_ptr) > 1:
            clauses = np.bitwise_or.reduceat(bits[self.clause_words], self.clause_ptr[:-1])
            alts = np.bitwise_and.reduceat(clauses[self.alt_clauses], self.alt_ptr[:-1])
            counted = np.diff(self.pattern_ptr) > 0
            patterns = np.bitwise_or.reduceat(alts, self.pattern_ptr[:-1][counted])
            out[counted] = np.unpackbits(patterns.view(np.uint8), axis=1, count=n).astype(bool)
        out[self.always] = True
        result: list[list[int]] = [[] for _ in range(n)]
        columns, rows = np.nonzero(out.T)
        for t, i in zip(columns.tolist(), rows.tolist(), strict=True):
            result[t].append(i)
        return result
