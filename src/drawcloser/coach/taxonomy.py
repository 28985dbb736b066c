"""The labels of the message check, read from ``data/taxonomy.toml`` (the one source of truth)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Polarity = Literal["push", "pull", "neutral"]

PUSH_LABELS = (
    "pleading", "blame", "pressure", "arguing", "chasing", "threat", "drama", "contempt", "games",
)  # fmt: skip
PULL_LABELS = (
    "appreciation", "curiosity", "validation", "affection", "playfulness", "respect", "gentle",
)  # fmt: skip
LABELS = (*PUSH_LABELS, *PULL_LABELS, "neutral")


@dataclass(frozen=True, slots=True)
class Principle:
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    polarity: Polarity
    title: str
    definition: str
    hears: str
    principle: Principle
    antidote: str | None  # the pull label that answers a push label
    antidote_hint: str | None
    why: str | None  # why a pull label works


@dataclass(frozen=True, slots=True)
class Taxonomy:
    labels: dict[str, Label]
    principles: dict[str, Principle]

    def __getitem__(self, name: str) -> Label:
        return self.labels[name]


@cache
def taxonomy() -> Taxonomy:
    raw = tomllib.loads(
        resources.files("drawcloser.coach.data").joinpath("taxonomy.toml").read_text()
    )
    principles = {k: Principle(k, v) for k, v in raw["principles"].items()}
    labels = {}
    for name, entry in raw["labels"].items():
        labels[name] = Label(
            name=name,
            polarity=entry["polarity"],
            title=entry["title"],
            definition=entry["definition"],
            hears=entry["hears"],
            principle=principles[entry["principle"]],
            antidote=entry.get("antidote"),
            antidote_hint=entry.get("antidote_hint"),
            why=entry.get("why"),
        )
    if tuple(labels) != LABELS:
        raise RuntimeError("taxonomy.toml labels differ from taxonomy.LABELS")
    return Taxonomy(labels, principles)
