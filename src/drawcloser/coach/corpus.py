"""The labelled corpus written by this project, and its one fixed split by family.

A family is one idea written several ways; splitting by family keeps near-duplicates from
crossing between train, dev and test, so test figures measure generalisation.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from drawcloser.coach.taxonomy import LABELS, PULL_LABELS, PUSH_LABELS

Split = Literal["train", "dev", "test"]
MESSAGE_FILE = "mixed.jsonl"  # whole multi-sentence messages, for evaluation
SENTENCE_FILE = "mixed_sentences.jsonl"  # the same messages, one line per sentence


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    labels: tuple[str, ...]
    family: str
    register: str
    source: str

    @property
    def polarity(self) -> str:
        return gold_polarity(self.labels)

    @property
    def split(self) -> Split:
        return split_of(self.family)


def gold_polarity(labels: tuple[str, ...] | list[str] | set[str]) -> str:
    if any(label in PUSH_LABELS for label in labels):
        return "push"
    if any(label in PULL_LABELS for label in labels):
        return "pull"
    return "neutral"


def split_of(family: str) -> Split:
    bucket = zlib.crc32(family.encode()) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def corpus_dir() -> Path:
    return Path(str(resources.files("drawcloser.coach.data"))) / "corpus"


def _read(path: Path) -> Iterator[Item]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            labels = tuple(row["labels"])
            unknown = [label for label in labels if label not in LABELS]
            if unknown or not labels:
                raise ValueError(f"{path.name}:{number}: unknown labels {unknown}")
            yield Item(row["text"], labels, row["family"], row.get("register", ""), path.name)


def training_items(split: Split | None = None) -> list[Item]:
    """Sentence-level items: every file but whole mixed messages."""
    items = [
        item
        for path in sorted(corpus_dir().glob("*.jsonl"))
        if path.name != MESSAGE_FILE
        for item in _read(path)
    ]
    return [i for i in items if split is None or i.split == split]


def evaluation_items(split: Split) -> list[Item]:
    """Message-level items: whole mixed messages instead of their sentences."""
    items = [
        item
        for path in sorted(corpus_dir().glob("*.jsonl"))
        if path.name != SENTENCE_FILE
        for item in _read(path)
    ]
    return [i for i in items if i.split == split]
