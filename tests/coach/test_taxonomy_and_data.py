import collections
import json
from importlib import resources

from drawcloser.coach import corpus
from drawcloser.coach.suggestions import library
from drawcloser.coach.taxonomy import LABELS, PULL_LABELS, PUSH_LABELS, taxonomy


def test_every_label_is_fully_described() -> None:
    tax = taxonomy()
    assert tuple(tax.labels) == LABELS
    for name, label in tax.labels.items():
        assert label.definition and label.hears and label.principle.text, name
        if name in PUSH_LABELS:
            assert label.antidote in PULL_LABELS and label.antidote_hint, name
        else:
            assert label.why, name


def test_corpus_size_and_balance() -> None:
    items = corpus.training_items()
    assert len(items) >= 3000
    counts = collections.Counter(label for item in items for label in item.labels)
    for label in LABELS:
        assert counts[label] >= 120, label


def test_families_never_cross_splits_and_texts_do_not_leak() -> None:
    items = corpus.training_items() + corpus.evaluation_items("test")
    split_of_family: dict[str, set[str]] = collections.defaultdict(set)
    split_of_text: dict[str, set[str]] = collections.defaultdict(set)
    for item in items:
        split_of_family[item.family].add(item.split)
        split_of_text[item.text.strip().lower()].add(item.split)
    assert all(len(s) == 1 for s in split_of_family.values())
    leaked = [t for t, s in split_of_text.items() if "test" in s and len(s) > 1]
    assert len(leaked) <= 5, leaked[:5]


def test_rewrite_library_covers_every_push_label() -> None:
    lib = library()
    assert len(lib.entries) >= 300
    counts = collections.Counter(e.label for e in lib.entries)
    for label in PUSH_LABELS:
        assert counts[label] >= 25, label
    intents = set(lib.intent_words)
    for entry in lib.entries:
        assert entry.intent in intents, entry.id
        assert 1 <= len(entry.pull) <= 3 and all(entry.pull), entry.id


def test_data_files_parse() -> None:
    data = resources.files("drawcloser.coach.data")
    for line in data.joinpath("rewrites.jsonl").read_text().splitlines():
        json.loads(line)
