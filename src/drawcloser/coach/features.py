"""Hashed n-gram features, computed for a whole batch at once with numpy.

The same function feeds training (scikit-learn, at build time) and checking (numpy only),
so the two can never drift apart. Each normalised sentence is padded with spaces; we take
character n-grams (they cross word boundaries, so "u never" is one feature), word unigrams,
word bigrams and the first word. Every n-gram is hashed with a position-independent
polynomial hash built from prefix sums, then bucketed by multiply-shift. No Python loop
runs per n-gram: that is what lets batch checking outrun a lexicon scorer.

Features come out as CSR-like groups (one per kind) whose rows are already in order, so
scoring is a gather and a ``reduceat`` per group, with no sort.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_P = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_MIX = 0x9E3779B97F4A7C15
_SALT_WORD = 0x5BD1E995
_SALT_BIGRAM = 0x27D4EB2F
_SALT_FIRST = 0x165667B1
_SPACE = 32

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
_powers: tuple[U64, U64] = (np.ones(1, np.uint64), np.ones(1, np.uint64))


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """How text becomes features; stored with a trained model so both sides agree."""

    bits: int = 18
    char_sizes: tuple[int, ...] = (2, 3, 4, 5)
    word_weight: float = 3.0

    @property
    def dim(self) -> int:
        return 1 << self.bits


@dataclass(frozen=True, slots=True)
class Group:
    """One kind of feature in CSR form: row ``i`` owns ``cols[indptr[i]:indptr[i+1]]``."""

    indptr: I64
    cols: I64
    weight: float
    anchors: I64  # position in the joined padded text where each feature starts


@dataclass(frozen=True, slots=True)
class Features:
    n: int
    groups: tuple[Group, ...]
    norms: npt.NDArray[np.float64]  # each row's L2 norm, to scale it to unit length
    word_starts: I64  # where each token starts in the joined padded text
    first_word: I64  # (n + 1,) index of each row's first token in word_starts


def _powers_for(length: int) -> tuple[U64, U64]:
    global _powers
    if len(_powers[0]) < length:
        size = max(length, 2 * len(_powers[0]), 4096)
        fwd = np.empty(size, np.uint64)
        inv = np.empty(size, np.uint64)
        fwd[0] = inv[0] = 1
        with np.errstate(over="ignore"):
            fwd[1:] = np.cumprod(np.full(size - 1, _P, np.uint64))
            inv[1:] = np.cumprod(np.full(size - 1, _P_INV, np.uint64))
        _powers = (fwd, inv)
    return _powers


def featurize(normalised: list[str], config: FeatureConfig) -> Features:
    """Features for each normalised sentence (see ``text.normalised``)."""
    n = len(normalised)
    if n == 0:
        nothing = np.zeros(0, np.int64)
        return Features(0, (), np.zeros(0, np.float64), nothing, np.zeros(1, np.int64))
    joined = " " + "  ".join(normalised) + " "
    lengths = np.fromiter((len(s) + 2 for s in normalised), np.int64, n)
    codes = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.uint64)
    total = len(codes)
    fwd, inv = _powers_for(total + 1)
    prefix = np.zeros(total + 1, np.uint64)
    shift = np.uint64(64 - config.bits)
    with np.errstate(over="ignore"):
        np.cumsum(codes * fwd[:total], out=prefix[1:])

    def buckets(starts: I64, ends: I64, salt: int) -> I64:
        with np.errstate(over="ignore"):
            h = (prefix[ends] - prefix[starts]) * inv[starts]
            return (((h ^ np.uint64(salt)) * np.uint64(_MIX)) >> shift).astype(np.int64)

    seg_start = np.zeros(n + 1, np.int64)
    np.cumsum(lengths, out=seg_start[1:])
    room = np.repeat(seg_start[1:], lengths) - np.arange(total, dtype=np.int64)

    groups: list[Group] = []
    sq_norm = np.zeros(n, np.float64)
    for size in config.char_sizes:
        starts = np.flatnonzero(room >= size)
        per_row = np.maximum(lengths - size + 1, 0)
        groups.append(Group(_indptr(per_row), buckets(starts, starts + size, size), 1.0, starts))
        sq_norm += per_row

    is_space = codes == _SPACE
    word_starts = np.flatnonzero(~is_space[1:] & is_space[:-1]) + 1
    word_ends = np.flatnonzero(~is_space[:-1] & is_space[1:]) + 1
    word_rows = np.searchsorted(seg_start, word_starts, side="right") - 1
    same = word_rows[1:] == word_rows[:-1]
    first = np.ones(len(word_rows), bool)
    first[1:] = ~same
    w = config.word_weight
    for rows, starts, ends, salt in (
        (word_rows, word_starts, word_ends, _SALT_WORD),
        (word_rows[1:][same], word_starts[:-1][same], word_ends[1:][same], _SALT_BIGRAM),
        (word_rows[first], word_starts[first], word_ends[first], _SALT_FIRST),
    ):
        per_row = np.bincount(rows, minlength=n)
        groups.append(Group(_indptr(per_row), buckets(starts, ends, salt), w, starts))
        sq_norm += per_row * w * w
    first_word = np.searchsorted(word_starts, seg_start)
    return Features(n, tuple(groups), np.sqrt(np.maximum(sq_norm, 1.0)), word_starts, first_word)


def _indptr(per_row: I64) -> I64:
    indptr = np.zeros(len(per_row) + 1, np.int64)
    np.cumsum(per_row, out=indptr[1:])
    return indptr


def score(features: Features, weights: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``X @ weights`` for the sparse feature matrix, without building it."""
    out = np.zeros((features.n, weights.shape[1]), np.float32)
    for group in features.groups:
        if len(group.cols) == 0:
            continue
        # ``take`` gathers the same rows as ``weights[cols]``, several times faster.
        gathered = weights.take(group.cols, axis=0)
        counts = np.diff(group.indptr)
        nonempty = counts > 0
        if nonempty.all():  # character n-grams: every row has some
            out += np.add.reduceat(gathered, group.indptr[:-1], axis=0) * np.float32(group.weight)
        else:
            sums = np.add.reduceat(gathered, group.indptr[:-1][nonempty], axis=0)
            out[nonempty] += sums * np.float32(group.weight)
    out /= features.norms[:, None].astype(np.float32)
    return out


def to_rows(features: Features) -> tuple[I64, I64, npt.NDArray[np.float64]]:
    """(row, col, value) triplets, for building a scipy matrix at training time."""
    rows, cols, values = [], [], []
    for group in features.groups:
        counts = np.diff(group.indptr)
        row = np.repeat(np.arange(features.n), counts)
        rows.append(row)
        cols.append(group.cols)
        values.append(group.weight / features.norms[row])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(values)


def token_contributions(
    features: Features,
    rows: I64,
    columns: I64,
    layers: I64,
    weights: npt.NDArray[np.float32],
) -> tuple[npt.NDArray[np.float64], I64]:
    """How much each token of row ``rows[i]`` adds to output ``columns[i]``, for all pairs
    at once: pair ``i``'s are ``values[indptr[i]:indptr[i + 1]]``, one per token of the row.

    A character n-gram counts for the token it starts in (a leading space for the token
    after it); word features count for their first word. Used to point at the words that
    carry a label when no rule names them.

    A row may be asked about once per layer. Each layer sums into tokens of its own, as if
    it were a call of its own: a row without tokens lends its features to the next row's
    first token, and how sums are ordered is kept exactly. Pairs come sorted by layer, then
    row, so each token adds the same numbers in the same order as over the whole batch.
    """
    n_pairs = len(rows)
    first_word = features.first_word
    n_tokens = first_word[rows + 1] - first_word[rows]
    indptr = _indptr(n_tokens)
    if n_pairs == 0:
        return np.zeros(0, np.float64), indptr
    width = len(features.word_starts) + 1  # one layer's tokens, and a slot past the last
    per_token = np.zeros(width * (int(layers.max()) + 1), np.float64)
    # The token each position of the joined text is in, or the last one before it: what a
    # binary search of ``word_starts`` finds, looked up instead.
    last = int(features.word_starts[-1]) if len(features.word_starts) else 0
    starts_here = np.zeros(last + 1, np.int64)
    starts_here[features.word_starts] = 1
    token_at = np.cumsum(starts_here) - 1
    flat_weights = weights.reshape(-1)
    n_labels = weights.shape[1]
    pairs = np.arange(n_pairs, dtype=np.int64)
    floor = first_word[rows] + layers * width
    layer_base = layers * width
    for group in features.groups:
        begin = group.indptr[rows]
        counts = group.indptr[rows + 1] - begin
        total = int(counts.sum())
        if total == 0:
            continue
        offsets = np.zeros(n_pairs, np.int64)
        np.cumsum(counts[:-1], out=offsets[1:])
        index = np.arange(total, dtype=np.int64) + np.repeat(begin - offsets, counts)
        pair = np.repeat(pairs, counts)
        # ndarray.take: the gather of fancy indexing, without its checks or np.take's wrapper.
        at = np.minimum(group.anchors.take(index) + 1, last)
        token = np.maximum(token_at.take(at) + layer_base.take(pair), floor.take(pair))
        flat = group.cols.take(index) * n_labels + columns.take(pair)
        values = flat_weights.take(flat).astype(np.float64) * group.weight
        per_token += np.bincount(token, weights=values, minlength=len(per_token))
    where = np.arange(int(indptr[-1]), dtype=np.int64) + np.repeat(
        first_word[rows] + layers * width - indptr[:-1], n_tokens
    )
    return per_token[where] / np.repeat(features.norms[rows], n_tokens), indptr
