"""Sentence splitting and tokenisation that keep character offsets.

Texting rarely has tidy punctuation, so boundaries also come from line breaks, runs of
"?"/"!", ellipses, emoji and laughter ("lol") followed by more words. Every span is a
``(start, end)`` pair into the original string, so findings can point at exact words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

EMOJI = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2764]"
EMOJI_MOD = "[\ufe0f\u200d\U0001f3fb-\U0001f3ff]"
_EMOJI_RUN = f"(?:{EMOJI}{EMOJI_MOD}*)+"

# A boundary is the *end* of a sentence; the next sentence starts at the next non-space.
# The lookahead is a cheap first-character test that lets most positions fail fast.
_PUNCT = rf"""(?P<punct>(?:[.!?…]+|\.\.\.)['"”’)\]]*(?:[ \t]*{_EMOJI_RUN})?)(?=\s|$)"""
_EMOJI_END = rf"(?P<emoji>{_EMOJI_RUN})(?=[ \t]+[^\s.!?…])"
_LAUGH = r"(?P<laugh>\b(?:lol+|lmao+|lmfao|rofl|haha[ha]*|hehe[he]*)\b)(?=[ \t]+[^\s.!?…])"
_FIRST = r"\u2600-\u27bf\U0001f000-\U0001faff\u2b50\u2764"
_BOUNDARY = re.compile(
    rf"(?=[.!?…\nlLhHrR{_FIRST}])(?:{_PUNCT}|{_EMOJI_END}|{_LAUGH}|(?P<nl>\n))", re.IGNORECASE
)
# The same for text without laughter: letters then fail the first test.
_BOUNDARY_NO_LAUGH = re.compile(
    rf"(?=[.!?…\n{_FIRST}])(?:{_PUNCT}|{_EMOJI_END}|(?P<nl>\n))", re.IGNORECASE
)
_LAUGHS = ("lol", "lmao", "lmfao", "rofl", "haha", "hehe")  # what every laugh starts with

# Words that end in a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr st vs etc e.g i.e a.m p.m approx jr sr prof mt no fig
    """.split()
)
# An abbreviation's last two letters, which the text must end with before its full stop.
_ABBREVIATION_ENDS = frozenset(word[-2:] for word in _ABBREVIATIONS)
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.*$")

_TOKEN = re.compile(rf"[^\W_]+(?:['’][^\W_]+)*|[?!]+|{EMOJI}", re.UNICODE)
_TOKEN_PIECES = re.compile(f"({_TOKEN.pattern})")  # split() keeps the tokens between gaps
# The same tokens in ASCII text, where a character class is a table look-up instead of a
# Unicode category test: "’" and emoji are not ASCII, and ASCII letters and digits are
# exactly its word characters but "_".
_ASCII_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|[?!]+")  # of lower-cased text
_ASCII_TOKEN_PIECES = re.compile(r"([A-Za-z0-9]+(?:'[A-Za-z0-9]+)*|[?!]+)")
_REPEATS = re.compile(r"(.)\1{2,}")
_HAS_REPEAT = re.compile(r"(.)\1\1")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    boundary = _BOUNDARY
    if text.isascii():  # then lower case is the pattern's case-insensitivity exactly
        lowered = text.lower()
        if not any(laugh in lowered for laugh in _LAUGHS):
            boundary = _BOUNDARY_NO_LAUGH
    for m in boundary.finditer(text):
        if m.lastgroup == "punct" and _is_abbreviation(text, m.start(), m.group()):
            continue
        end = m.start() if m.lastgroup == "nl" else m.end()
        _append_trimmed(text, start, end, spans)
        start = m.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, pos: int, punct: str) -> bool:
    if not punct.startswith(".") or punct.startswith(".."):
        return False
    if text[pos - 2 : pos].lower() not in _ABBREVIATION_ENDS:  # most full stops end here
        return False
    m = _WORD_BEFORE.search(text, max(0, pos - 12), pos)
    if m is None or m.end() != pos:
        return False
    word = m.group(1).lower()
    return word in _ABBREVIATIONS


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Normalised tokens with their offsets in ``text``.

    Normalisation makes texting and tidy writing meet: lower case, apostrophes dropped
    ("don't" -> "dont"), letters repeated three or more times cut to two ("sooo" -> "soo"),
    runs of "?" or "!" cut to at most two.
    """
    out = []
    for m in _TOKEN.finditer(text):
        out.append((normalise_token(m.group()), m.start(), m.end()))
    return out


def folded(text: str) -> str:
    """Lower case with curly apostrophes straightened: same length, same offsets.

    What rules and the safety screen match against, so their patterns need one spelling.
    """
    return text.lower().replace("’", "'").replace("‘", "'")


def token_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the tokens ``normalised`` keeps, in the same order."""
    return [m.span() for m in _TOKEN.finditer(text)]


def token_bounds(
    texts: Sequence[str],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``token_spans`` of many texts in one pass: (starts, ends, indptr), where text ``i``
    owns ``starts[indptr[i]:indptr[i + 1]]``, offsets into that text."""
    # A space is no token character, so no token crosses from one text into the next; and
    # the token pattern looks neither behind nor ahead, so each text splits as on its own.
    joined = " ".join(texts)
    pieces = (_ASCII_TOKEN_PIECES if joined.isascii() else _TOKEN_PIECES).split(joined)
    lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
    ends = np.cumsum(lengths)[1::2]
    starts = ends - lengths[1::2]
    begins = np.zeros(len(texts) + 1, np.int64)
    np.cumsum(np.fromiter((len(t) + 1 for t in texts), np.int64, len(texts)), out=begins[1:])
    indptr = np.searchsorted(starts, begins)
    owner = np.repeat(begins[:-1], np.diff(indptr))
    return starts - owner, ends - owner, indptr


def normalise_token(tok: str) -> str:
    return _REPEATS.sub(r"\1\1", tok.lower().replace("'", "").replace("’", ""))


def normalised(text: str) -> str:
    """The text the model reads: normalised tokens joined by single spaces.

    Same result as joining ``normalise_token`` over the tokens, in three C-level passes.
    """
    lowered = text.lower()
    if lowered.isascii():
        joined = " ".join(_ASCII_TOKEN.findall(lowered)).replace("'", "")
    else:
        joined = " ".join(_TOKEN.findall(lowered)).replace("'", "").replace("’", "")
    return _REPEATS.sub(r"\1\1", joined) if _HAS_REPEAT.search(joined) else joined
