from hypothesis import given
from hypothesis import strategies as st

from drawcloser.coach.text import normalised, split_sentences, token_spans, tokens


def texts(t: str) -> list[str]:
    return [t[s.start : s.end] for s in split_sentences(t)]


def test_several_questions_in_a_row() -> None:
    assert texts("where are you?? why arent you answering??? hello") == [
        "where are you??",
        "why arent you answering???",
        "hello",
    ]


def test_line_breaks_emoji_laughter_and_ellipsis_end_sentences() -> None:
    assert texts("line one\nline two\n\nline three") == ["line one", "line two", "line three"]
    assert texts("hey babe lol that was funny i miss you 😘 drive safe") == [
        "hey babe lol",
        "that was funny i miss you 😘",
        "drive safe",
    ]
    assert texts("I dont know… maybe") == ["I dont know…", "maybe"]


def test_abbreviations_and_numbers_do_not_split() -> None:
    assert texts("Mr. Smith said 5.30 is fine.") == ["Mr. Smith said 5.30 is fine."]


def test_no_punctuation_is_one_sentence() -> None:
    assert texts("hey how was your day i miss you") == ["hey how was your day i miss you"]


def test_normalisation_meets_texting_halfway() -> None:
    assert normalised("Don't you DARE ignore me??? soooo tired 😡") == (
        "dont you dare ignore me ?? soo tired 😡"
    )
    assert [t[0] for t in tokens("I’m here!!")] == ["im", "here", "!!"]


@given(st.text(max_size=300))
def test_sentence_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        previous_end = span.end
    # Nothing but whitespace is left out.
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.end))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@given(st.text(max_size=200))
def test_token_offsets_match_the_normalised_tokens(text: str) -> None:
    spans = token_spans(text)
    words = normalised(text).split(" ") if normalised(text) else []
    assert len(spans) == len(words)
    for (start, end), (norm, s2, e2) in zip(spans, tokens(text), strict=True):
        assert (start, end) == (s2, e2)
        assert norm
