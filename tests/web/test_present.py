"""How a report is cut into marked pieces and put into plain words."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from drawcloser.coach.check import check
from drawcloser.coach.report import Evidence, Finding, Report
from drawcloser.web.present import likelihood, pieces, scale_position, view


def _finding(polarity: str, spans: list[tuple[int, int]], text: str) -> Finding:
    return Finding(
        label="blame" if polarity == "push" else "appreciation",
        polarity=polarity,  # type: ignore[arg-type]
        sentence=0,
        confidence=0.9,
        source="rule",
        evidence=[Evidence(s, e, text[s:e]) for s, e in spans],
        hears="",
        principle="",
        advice="",
    )


def _report(text: str, findings: list[Finding]) -> Report:
    return Report(text, "mixed", 0, "fast", [], findings)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    text = draw(st.text(min_size=1, max_size=60))
    n = len(text)
    findings = []
    for _ in range(draw(st.integers(0, 4))):
        spans = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, n))
            spans.append((start, draw(st.integers(start, n))))
        findings.append(_finding(draw(st.sampled_from(["push", "pull"])), spans, text))
    return _report(text, findings)


@given(reports())
def test_pieces_join_back_into_the_message(report: Report) -> None:
    cut = pieces(report)
    assert "".join(p.text for p in cut) == report.text
    assert all(p.text for p in cut)
    # Neighbours always differ in what covers them (else they would be one piece).
    assert all(a.findings != b.findings for a, b in pairwise(cut))


@given(reports())
def test_every_piece_is_marked_by_exactly_the_findings_covering_it(report: Report) -> None:
    pos = 0
    for piece in pieces(report):
        for i, finding in enumerate(report.findings):
            covered = [
                any(e.start <= c < e.end for e in finding.evidence)
                for c in range(pos, pos + len(piece.text))
            ]
            assert all(covered) if i in piece.findings else not any(covered)
        polarities = {report.findings[i].polarity for i in piece.findings}
        expected = "push" if "push" in polarities else "pull" if polarities else None
        assert piece.mark == expected
        pos += len(piece.text)


def test_push_wins_the_colour_where_push_and_pull_overlap() -> None:
    text = "thank you, you never call"
    report = _report(text, [_finding("pull", [(0, 25)], text), _finding("push", [(11, 25)], text)])
    cut = pieces(report)
    assert [(p.text, p.mark, p.findings) for p in cut] == [
        ("thank you, ", "pull", (0,)),
        ("you never call", "push", (0, 1)),
    ]


def test_scale_and_likelihood_words() -> None:
    assert [scale_position(s) for s in (-100, -67, 0, 42, 100)] == [0, 3, 10, 14, 20]
    assert likelihood(0.95) == "very likely"
    assert likelihood(0.7) == "likely"
    assert likelihood(0.3) == "possibly"


def test_view_of_a_real_report_groups_push_and_pull() -> None:
    report = check("Thank you for cooking. Why are you doing this to me?", "fast")
    shown = view(report)
    assert shown.verdict.kind == report.verdict
    assert {f.finding.polarity for f in shown.push} <= {"push"}
    assert {f.finding.polarity for f in shown.pull} <= {"pull"}
    assert len(shown.push) + len(shown.pull) == len(report.findings)
    assert all(1 <= len(f.alternatives) <= 3 for f in shown.push)
    assert shown.status.startswith(shown.verdict.title)


def test_a_verdict_resting_on_hunches_says_so() -> None:
    text = "been trying to reach you"
    weak = _finding("pull", [(0, 4)], text)
    weak.confidence = 0.05
    report = Report(text, "pull", 5, "fast", [], [weak])
    assert report.faint
    assert view(report).verdict.title == "Leans warm"
    weak.confidence = 0.9
    assert not report.faint
    assert view(report).verdict.title == "This draws him closer"
    assert not Report(text, "neutral", 0, "fast", [], []).faint
