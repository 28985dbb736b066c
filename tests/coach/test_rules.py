import pytest

from drawcloser.coach.rules import find, rulebook
from drawcloser.coach.taxonomy import LABELS
from drawcloser.coach.text import normalised


def labels(sentence: str) -> set[str]:
    return {m.rule.label for m in find(sentence, set(normalised(sentence).split()))}


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Let's work on this.", "pressure"),
        ("Why are you doing this to me?", "blame"),
        ("we need to talk", "pressure"),
        ("you never listen to me", "blame"),
        ("if you walk out that door tonight I'm done", "threat"),
        ("please don't leave me", "pleading"),
        ("after everything I've done for you", "drama"),
        ("hello??", "chasing"),
        ("oh wow what a surprise 🙄", "contempt"),
        ("If you really loved me you'd stay home", "games"),
        ("that's not what happened", "arguing"),
    ],
)
def test_rules_find_the_classic_pushes(sentence: str, label: str) -> None:
    assert label in labels(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "I never get tired of your laugh",
        "you never fail to make me laugh",
        "we need to talk about the dinner menu",
        'he said "we need to talk" lol',
        "my boss said we need to talk today",
        "I'm not asking you to choose",
    ],
)
def test_negation_quotation_and_innocent_uses_are_not_pushes(sentence: str) -> None:
    assert not labels(sentence) & {"blame", "pressure", "games"}


def test_evidence_points_at_the_words() -> None:
    sentence = "Honestly, you never listen to me."
    matches = [m for m in find(sentence, set(normalised(sentence).split()))]
    spans = {sentence[m.span.start : m.span.end] for m in matches if m.rule.label == "blame"}
    assert "you never listen" in spans


def test_every_rule_names_a_known_label_and_has_anchors() -> None:
    book = rulebook()
    assert len(book.rules) >= 50
    for rule in book.rules:
        assert rule.label in LABELS
    assert all(book.by_anchor.values())


def test_every_rule_pattern_compiles() -> None:
    # Patterns compile on first use, so a broken one would otherwise only fail mid-check.
    for rule in rulebook().rules:
        assert rule.pattern.pattern == rule.source
        assert rule.unless_after is None or rule.unless_after.pattern
        assert rule.unless_before is None or rule.unless_before.pattern


def test_anchors_never_hide_a_match() -> None:
    """Every corpus sentence a rule's pattern matches must reach that rule through an anchor:
    a pattern alternative without its anchor word ("grow up" under anchors for "child") is
    silently never tried."""
    from drawcloser.coach import corpus
    from drawcloser.coach.text import folded

    book = rulebook()
    texts = [i.text for i in corpus.training_items()]
    hidden: dict[str, list[str]] = {}
    for text in texts:
        words = set(normalised(text).split())
        tried = {r.id for r in book.candidates(words)}
        low = folded(text)
        for rule in book.rules:
            if rule.id not in tried and rule.pattern.search(low):
                hidden.setdefault(rule.id, []).append(text)
    assert not hidden, {k: v[:3] for k, v in hidden.items()}
