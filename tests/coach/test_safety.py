"""The safety screen: triggers on danger, not on everyday frustration.

safety_cases.jsonl was used while writing the patterns; safety_heldout.jsonl was written
separately and never used for tuning, so its figures are the honest ones (make eval).
"""

import json
from pathlib import Path

import pytest

from drawcloser.coach import corpus
from drawcloser.coach.safety import screen, screen_text, screen_texts
from drawcloser.coach.text import folded

HERE = Path(__file__).parent


def cases(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (HERE / name).read_text().splitlines() if line]


def test_development_cases_all_right() -> None:
    # The patterns were written on these cases: they get every one right. The learned
    # screen may add a few false alarms here, never a miss.
    dev = cases("safety_cases.jsonl")
    texts = [str(c["text"]) for c in dev]
    for case, found in zip(dev, screen_texts(texts, learned=False), strict=True):
        assert (found is not None) == case["safety"], case
    both = screen_texts(texts)
    assert all(found is not None for case, found in zip(dev, both, strict=True) if case["safety"])
    false = sum(
        found is not None for case, found in zip(dev, both, strict=True) if not case["safety"]
    )
    assert false <= 0.02 * sum(not c["safety"] for c in dev)


def test_held_out_cases_recall_and_false_alarms() -> None:
    # Floors a little under the figures measured when the screen was written, so that a
    # change that makes the screen worse on text it never saw fails here.
    held = cases("safety_heldout.jsonl")
    danger = [c for c in held if c["safety"]]
    calm = [c for c in held if not c["safety"]]
    caught = sum(screen_text(str(c["text"])) is not None for c in danger)
    false = sum(screen_text(str(c["text"])) is not None for c in calm)
    # Measured 2026-12-08: 96/120 and 1/150 with the learned screen (83/120 and 1/150
    # with the patterns alone).
    assert caught / len(danger) >= 0.75
    assert false / len(calm) <= 0.02


@pytest.mark.parametrize(
    "text",
    ["this is killing me", "I could murder a pizza", "my feet are killing me",
     "I'm dying to see you", "he's been so cold to me", "I'm scared we're drifting apart"],
)  # fmt: skip
def test_everyday_hyperbole_is_not_danger(text: str) -> None:
    assert screen_text(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("he shoved me into the wall last night", "abuse"),
        ("i'm scared to go home tonight", "fear"),
        ("he said he would kill me if i left", "threat"),
        ("he took my phone and my car keys so i can't leave", "control"),
        ("i don't want to be alive anymore", "selfharm"),
    ],
)
def test_each_kind_of_danger(text: str, kind: str) -> None:
    found = screen_text(text)
    assert found is not None and kind in found.kinds
    assert found.resources and found.message
    for e in found.evidence:
        assert text[e.start : e.end] == e.text


def test_prefilter_never_hides_a_match() -> None:
    # Every text any danger pattern matches must contain a prefilter stem.
    s = screen()
    texts = [str(c["text"]) for c in cases("safety_cases.jsonl") + cases("safety_heldout.jsonl")]
    texts += [i.text for i in corpus.training_items()]
    for text in texts:
        lowered = folded(text)
        if any(p.search(lowered) for _, p in s.dangers):
            assert s.prefilter.search(lowered), text


def test_the_learned_screen_is_built_with_the_fast_engine() -> None:
    from drawcloser.coach import safety_model

    model = safety_model.load()
    assert model is not None, "make model builds the learned safety screen"
    assert 0.5 <= model.threshold < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "things got physical again after the party and I have marks on my arm",
        "he gets physical when he loses at cards and last time I needed stitches",
        "the kids sleep in my room now because of what he does when he drinks",
    ],
)
def test_the_learned_screen_hears_danger_no_pattern_names(text: str) -> None:
    assert screen_texts([text], learned=False)[0] is None, "a pattern names it: pick another"
    found = screen_text(text)
    assert found is not None, text
    for e in found.evidence:
        assert text[e.start : e.end] == e.text
    assert set(found.kinds) <= {"abuse", "fear", "threat", "control", "sexual", "selfharm"}


def test_a_danger_told_over_two_sentences_points_at_its_words() -> None:
    from drawcloser.coach.check import check

    text = "Dinner was fine. Then he pinned me to the wall by my throat until I couldn't breathe."
    report = check(text, "fast")
    assert report.safety is not None
    assert not report.findings or not any(f.alternatives for f in report.findings)
    for e in report.safety.evidence:
        assert text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("everyone would be happier if I just was not here", True),
        ("they would all be happier if i wasnt around", True),
        ("the world would be easier without me in it", True),
        ("my family would be relieved once im gone", True),
        ("everyone would be happier if I was here", False),
        ("the kids would be fine without me for a weekend", False),
        ("he would be happier without me", False),  # as often the marriage as her life
    ],
)
def test_thinking_everyone_is_better_off_without_her(text: str, danger: bool) -> None:
    found = screen_texts([text], learned=False)[0]
    assert (found is not None) == danger
    assert found is None or found.kinds == ["selfharm"]
