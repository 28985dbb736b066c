import json
import subprocess
import sys

import pytest

from drawcloser.coach.check import MAX_CHARS, CheckInputError, check, check_many
from drawcloser.coach.report import Report
from drawcloser.coach.taxonomy import PULL_LABELS, PUSH_LABELS


def push_labels(report: Report) -> set[str]:
    return {f.label for f in report.push_findings}


def test_the_sources_two_openers() -> None:
    assert "pressure" in push_labels(check("Let's work on this."))
    assert "blame" in push_labels(check("Why are you doing this to me?"))


def test_report_shape_and_exact_spans() -> None:
    text = "I love you so much. But after everything I've done, you never even say thanks 🙄"
    report = check(text)
    assert report.verdict == "mixed"
    assert -100 <= report.score <= 100
    assert [s.text for s in report.sentences] == [text[s.start : s.end] for s in report.sentences]
    assert {f.polarity for f in report.findings} == {"push", "pull"}
    for f in report.findings:
        assert f.evidence, f
        for e in f.evidence:
            assert text[e.start : e.end] == e.text
        assert f.hears and f.principle and f.advice
        assert 0 < f.confidence <= 1
        if f.polarity == "push":
            assert f.label in PUSH_LABELS
            assert 1 <= len(f.alternatives) <= 3
        else:
            assert f.label in PULL_LABELS
            assert f.alternatives == []
    assert "drama" in push_labels(report)
    assert json.loads(json.dumps(report.to_dict()))["verdict"] == "mixed"


def test_alternatives_keep_her_topic() -> None:
    report = check("you're always on your phone, you never even look at me")
    alternatives = " ".join(a for f in report.push_findings for a in f.alternatives).lower()
    assert any(w in alternatives for w in ("phone", "look", "screen", "evening", "time"))


def test_warm_message_is_pull_with_a_word_on_why() -> None:
    report = check("Thank you for fixing the gate, I noticed. Love you ❤️")
    assert report.verdict == "pull"
    assert report.score > 0
    assert all(f.advice for f in report.findings)


def test_logistics_are_neutral() -> None:
    report = check("I'll pick up the kids at five.")
    assert report.verdict == "neutral"
    assert report.score == 0
    assert report.findings == []


def test_reported_speech_is_not_hers() -> None:
    report = check('My boss said "we need to talk" today, no idea why.')
    assert "pressure" not in push_labels(report)


def test_safety_replaces_coaching() -> None:
    report = check("He choked me last night and I'm scared to go home. Should I text him sorry?")
    assert report.safety is not None
    assert report.safety.resources
    assert all(f.alternatives == [] for f in report.findings)
    assert report.notes


@pytest.mark.parametrize("text", ["this is killing me", "I could murder a pizza right now"])
def test_safety_ignores_everyday_hyperbole(text: str) -> None:
    assert check(text).safety is None


def test_not_english_gets_a_note() -> None:
    assert check("No sé qué hacer, ya no me habla y estoy muy triste").notes
    assert not check("I don't know what to do, he barely talks to me").notes


@pytest.mark.parametrize("bad", ["", "   \n ", "x" * (MAX_CHARS + 1), "a\x00b"])
def test_bad_input_is_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(CheckInputError) as err:
        check(bad)
    assert str(err.value)


def test_batch_matches_single_checks_in_order() -> None:
    texts = ["we need to talk", "thanks for dinner babe", "ok", "where are you??"]
    batch = check_many(texts, "fast")
    assert [r.text for r in batch] == texts
    assert [r.to_dict() for r in batch] == [check(t, "fast").to_dict() for t in texts]


def test_checking_never_imports_scikit_learn() -> None:
    code = (
        "import sys; from drawcloser.coach.check import check; check('you never listen'); "
        "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _sentence_probabilities(report: Report) -> list[dict[str, float]]:
    return [s.labels for s in report.sentences]


def test_sentences_are_read_in_the_context_of_their_message() -> None:
    from drawcloser.coach import engines

    fast = engines.get("fast")
    alone = fast.tuned(fast.thresholds, fast.push_weight, 0.0)
    context = fast.tuned(fast.thresholds, fast.push_weight, 1.0)
    first, second = "I still get butterflies when you hug me.", "Please never stop."
    message = f"{first} {second}"
    # Without the message share, a sentence is checked exactly as if it stood alone.
    assert _sentence_probabilities(check(message, alone)) == [
        _sentence_probabilities(check(first, alone))[0],
        _sentence_probabilities(check(second, alone))[0],
    ]
    # With it, each sentence leans on the whole message...
    assert _sentence_probabilities(check(message, context)) != _sentence_probabilities(
        check(message, alone)
    )
    # ...and a one-sentence message is the same either way.
    assert check(second, context).to_dict() == check(second, alone).to_dict()


def test_push_weight_discounts_hunches_not_words_a_rule_found() -> None:
    from drawcloser.coach import engines

    fast = engines.get("fast")
    # A push weight this small silences every push the model only guesses at...
    timid = fast.tuned(fast.thresholds, 0.01, fast.message_share)
    hunch = "you left the kitchen a mess again"
    assert [f.source for f in check(hunch, fast).push_findings] == ["model"]
    assert check(hunch, timid).push_findings == []
    # ...but a push label a rule found in her words ("you always", a hint) still counts.
    report = check("You always do this to me", timid)
    assert report.verdict == "push"
    blame = [f for f in report.push_findings if f.label == "blame"]
    assert blame and blame[0].source == "rule" and blame[0].evidence[0].text == "You always"


def test_score_follows_how_sure_the_check_is() -> None:
    from drawcloser.coach.check import _score

    assert _score(0.0, 0.05) == ("pull", 5)
    assert _score(0.0, 0.95) == ("pull", 95)
    assert _score(0.9, 0.0) == ("push", -90)
    # Sure of both: the 5 : 1 reference weighs the push five times.
    assert _score(1.0, 1.0) == ("mixed", -67)
    assert _score(0.2, 1.0) == ("mixed", 0)
    assert _score(0.0, 0.0) == ("neutral", 0)


def test_two_findings_in_a_message_do_not_repeat_alternatives() -> None:
    report = check("You never listen to me. Why are you doing this to me? You always ignore me.")
    offered = [a for f in report.push_findings for a in f.alternatives]
    assert len(report.push_findings) >= 2
    assert all(f.alternatives for f in report.push_findings)
    assert len(offered) == len(set(offered))


def test_alternatives_avoid_what_was_offered_but_never_run_dry() -> None:
    from drawcloser.coach.suggestions import library

    lib = library()
    first = lib.alternatives("you never help with the dishes", "blame")
    second = lib.alternatives("you never help with the dishes", "blame", avoid=set(first))
    assert second and not set(first) & set(second)
    everything = {p for e in lib.by_label["blame"] for p in e.pull}
    assert lib.alternatives("you never help with the dishes", "blame", avoid=everything)
