"""Gentler alternatives from the rewrite library, matched to her sentence.

Each library entry pairs a push sentence with ways to say the same thing that pull. We
keep her intent by matching on the intent her words suggest (time together, feeling hurt,
needing help, ...) and on the words she shares with the entry, weighted by how rare they
are in the library.
"""

from __future__ import annotations

import json
import math
import tomllib
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from drawcloser.coach.taxonomy import PUSH_LABELS
from drawcloser.coach.text import normalised

_STOP = frozenset(
    """
    i me my you your u ur we us our the a an and or but to of in on at for is are was were
    be it its this that so just do dont did didnt have has had not no with me im ive id
    youre youll its what when why how all can cant will wont would like really even doing does
    """.split()
)


# Intents that fit whatever she was upset about, for sentences that name no topic.
_GENERAL_INTENTS = ("feeling-hurt", "wanting-to-talk", "feeling-lonely")


@dataclass(frozen=True, slots=True)
class Rewrite:
    id: str
    label: str
    intent: str
    push: str
    pull: tuple[str, ...]
    why: str
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Library:
    entries: tuple[Rewrite, ...]
    by_label: dict[str, tuple[Rewrite, ...]]
    intent_words: dict[str, frozenset[str]]
    # Inverted indexes, so matching costs a few dict lookups per word of her sentence.
    word_index: dict[str, dict[str, list[tuple[int, float]]]]  # label -> word -> (i, idf)
    intent_index: dict[str, dict[str, list[int]]]  # label -> intent -> entries
    intents_of_word: dict[str, tuple[str, ...]]
    first_index: dict[str, int]  # where each label's entries start in ``entries``

    def intents_of(self, words: set[str]) -> set[str]:
        found: set[str] = set()
        for w in words:
            found.update(self.intents_of_word.get(w, ()))
        return found

    def alternatives(
        self,
        sentence: str,
        label: str,
        limit: int = 3,
        meaning: tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]] | None = None,
        normalised_text: str | None = None,
        avoid: set[str] | frozenset[str] = frozenset(),
        context: str = "",
    ) -> list[str]:
        """1 to ``limit`` alternatives for a push ``label`` found in ``sentence``.

        ``meaning`` is (the sentence's embedding, the library's push-side embeddings) when
        the deep engine is running: entries are then ranked by cosine similarity.
        ``normalised_text`` is ``text.normalised(sentence)``, when the caller has it.
        ``avoid`` holds alternatives already offered for the same message: she should not
        read the same suggestion under two findings. ``context`` is her whole message,
        normalised: its other words count for half, so "Why are you doing this to me?"
        after a sentence about the dishes is answered about the dishes.
        """
        candidates = self.by_label.get(label, ())
        if not candidates:
            return []
        words = _content(normalised(sentence) if normalised_text is None else normalised_text)
        scores: dict[int, float] = {}
        if meaning is not None:
            vector, library_vectors = meaning
            first = self.first_index[label]
            sims = library_vectors[first : first + len(candidates)] @ vector
            scores = {i: float(sims[i]) * 10 for i in range(len(candidates))}
        index = self.word_index[label]
        for w in words:
            for i, weight in index.get(w, ()):
                scores[i] = scores.get(i, 0.0) + weight
        by_intent = self.intent_index[label]
        for intent in self.intents_of(words):
            for i in by_intent.get(intent, ()):
                scores[i] = scores.get(i, 0.0) + 2.0
        around = _content(context) - words
        for w in around:
            for i, weight in index.get(w, ()):
                scores[i] = scores.get(i, 0.0) + weight / 2
        for intent in self.intents_of(around) - self.intents_of(words):
            for i in by_intent.get(intent, ()):
                scores[i] = scores.get(i, 0.0) + 1.0
        if not scores:
            # Nothing to go on ("Why are you doing this to me?" alone): the feeling under
            # any push, not a topic picked at random (a bedroom joke answered a plea once).
            for intent in _GENERAL_INTENTS:
                for i in by_intent.get(intent, ()):
                    scores[i] = 0.0
        # A stable tie-break that still varies between sentences, so that two different
        # sentences with nothing in common with the library do not get the same advice.
        salt = zlib.crc32(sentence.encode())
        ranked = sorted(scores, key=lambda i: (scores[i], (i * 2654435761 ^ salt) & 0xFFFFFFFF))
        # The best entries whose alternatives are not all shown already.
        fresh = [i for i in ranked if any(p not in avoid for p in candidates[i].pull)]
        picked = fresh[-2:][::-1]
        j = 0
        while len(picked) < 2 and j < len(candidates):
            i = (salt + j) % len(candidates)
            if i not in picked and any(p not in avoid for p in candidates[i].pull):
                picked.append(i)
            j += 1
        out: list[str] = []
        for depth in range(3):
            for i in picked:
                pulls = candidates[i].pull
                if depth < len(pulls) and pulls[depth] not in out and pulls[depth] not in avoid:
                    out.append(pulls[depth])
        if not out and avoid:  # every alternative already offered: repeat rather than none
            return self.alternatives(
                sentence, label, limit, meaning, normalised_text, context=context
            )
        return out[:limit]


def _content(plain: str) -> set[str]:
    """The words worth matching on, of a normalised text."""
    return {w for w in plain.split() if w not in _STOP and len(w) > 1}


@cache
def library() -> Library:
    data = resources.files("drawcloser.coach.data")
    entries = []
    for line in data.joinpath("rewrites.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        entries.append(
            Rewrite(
                row["id"],
                row["label"],
                row["intent"],
                row["push"],
                tuple(row["pull"]),
                row.get("why", ""),
                frozenset(_content(normalised(row["push"]))),
            )
        )
    # Each label's entries side by side, so a label's embeddings are one slice.
    entries.sort(key=lambda e: PUSH_LABELS.index(e.label))
    df = Counter(w for e in entries for w in e.words)
    idf = {w: math.log((1 + len(entries)) / (1 + n)) + 1.0 for w, n in df.items()}
    by_label: dict[str, list[Rewrite]] = {}
    for e in entries:
        by_label.setdefault(e.label, []).append(e)
    intents = tomllib.loads(data.joinpath("intents.toml").read_text(encoding="utf-8"))
    word_index: dict[str, dict[str, list[tuple[int, float]]]] = {}
    intent_index: dict[str, dict[str, list[int]]] = {}
    for label, group in by_label.items():
        words: dict[str, list[tuple[int, float]]] = {}
        by_intent: dict[str, list[int]] = {}
        for i, e in enumerate(group):
            for w in e.words:
                words.setdefault(w, []).append((i, idf[w]))
            by_intent.setdefault(e.intent, []).append(i)
        word_index[label] = words
        intent_index[label] = by_intent
    intents_of_word: dict[str, list[str]] = {}
    for intent, vocab in intents.items():
        for w in vocab:
            intents_of_word.setdefault(w, []).append(intent)
    return Library(
        tuple(entries),
        {k: tuple(v) for k, v in by_label.items()},
        {k: frozenset(v) for k, v in intents.items()},
        word_index,
        intent_index,
        {k: tuple(v) for k, v in intents_of_word.items()},
        {label: entries.index(group[0]) for label, group in by_label.items()},
    )
