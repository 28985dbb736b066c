"""Accuracy of the message check, on the test split and on real text no one here wrote.

Everything goes through the full check (splitting, rules, model, fusion), exactly as she
would use it. Message-level: the labels of a message are the labels of its findings; its
polarity is push when any sentence pushes (a "mixed" message counts as push), else pull
when any sentence pulls, else neutral.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drawcloser.coach import corpus
from drawcloser.coach.check import check_many
from drawcloser.coach.engines import Engine
from drawcloser.coach.report import Report
from drawcloser.coach.taxonomy import LABELS, PUSH_LABELS

POLARITY_NAMES = ("push", "pull", "neutral")
WARM_EMOTIONS = frozenset({"gratitude", "love", "admiration", "caring", "joy", "amusement"})


@dataclass
class Scores:
    n: int
    polarity_f1: dict[str, float]
    polarity_macro_f1: float
    polarity_confusion: dict[str, Counter[str]]
    push_label_accuracy: float  # push messages whose strongest push finding is a gold label
    push_label_accuracy_found: float  # the same, among push messages the check calls push
    push_label_macro_f1: float
    label_prf: dict[str, tuple[float, float, float, int]]
    false_push_rate: float  # neutral or pull messages flagged push
    label_confusion: dict[str, Counter[str]] = field(default_factory=dict)


def predicted_polarity(report: Report) -> str:
    return "push" if report.verdict in ("push", "mixed") else report.verdict


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_items(items: list[corpus.Item], engine: str | Engine = "fast") -> Scores:
    reports = check_many([i.text for i in items], engine)
    confusion: dict[str, Counter[str]] = {p: Counter() for p in POLARITY_NAMES}
    label_counts = {label: [0, 0, 0] for label in LABELS}  # tp, fp, fn
    label_confusion: dict[str, Counter[str]] = {label: Counter() for label in PUSH_LABELS}
    push_total = push_right = push_found = 0
    for item, report in zip(items, reports, strict=True):
        gold_pol = item.polarity
        confusion[gold_pol][predicted_polarity(report)] += 1
        predicted = {f.label for f in report.findings} or {"neutral"}
        gold = set(item.labels)
        for label in LABELS:
            if label in predicted and label in gold:
                label_counts[label][0] += 1
            elif label in predicted:
                label_counts[label][1] += 1
            elif label in gold:
                label_counts[label][2] += 1
        if gold_pol == "push":
            push_total += 1
            pushes = report.push_findings
            top = max(pushes, key=lambda f: f.confidence).label if pushes else "none"
            push_right += top in gold
            push_found += bool(pushes)
            for g in gold & set(PUSH_LABELS):
                label_confusion[g][top] += 1
    pol_f1 = {}
    for p in POLARITY_NAMES:
        tp = confusion[p][p]
        fp = sum(confusion[q][p] for q in POLARITY_NAMES if q != p)
        fn = sum(confusion[p][q] for q in POLARITY_NAMES if q != p)
        pol_f1[p] = _prf(tp, fp, fn)[2]
    prf = {
        label: (*_prf(*label_counts[label]), label_counts[label][0] + label_counts[label][2])
        for label in LABELS
    }
    not_push = ("pull", "neutral")
    flagged = sum(confusion[p]["push"] for p in not_push)
    total_not_push = sum(sum(confusion[p].values()) for p in not_push)
    return Scores(
        n=len(items),
        polarity_f1=pol_f1,
        polarity_macro_f1=sum(pol_f1.values()) / 3,
        polarity_confusion=confusion,
        push_label_accuracy=push_right / push_total if push_total else 0.0,
        push_label_accuracy_found=push_right / push_found if push_found else 0.0,
        push_label_macro_f1=sum(prf[label][2] for label in PUSH_LABELS) / len(PUSH_LABELS),
        label_prf=prf,
        false_push_rate=flagged / total_not_push if total_not_push else 0.0,
        label_confusion=label_confusion,
    )


def goemotions_warm(path: Path) -> list[str]:
    """GoEmotions comments whose only emotions are warm ones (gratitude, love, ...)."""
    names = (path / "emotions.txt").read_text().split()
    texts = []
    with (path / "test.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 2 or not row[0].strip():
                continue
            emotions = {names[int(i)] for i in row[1].split(",") if i.strip().isdigit()}
            if emotions and emotions <= WARM_EMOTIONS:
                texts.append(row[0])
    return texts


def false_alarm_rate(texts: list[str], engine: str | Engine = "fast") -> tuple[float, list[Report]]:
    reports = check_many(texts, engine)
    flagged = [r for r in reports if predicted_polarity(r) == "push"]
    return (len(flagged) / len(texts) if texts else 0.0), flagged


def safety_scores(path: Path, *, learned: bool = True) -> tuple[int, int, int, int, list[str]]:
    """(positives caught, positives, negatives flagged, negatives, misses) for a cases file;
    ``learned=False``: the patterns alone."""
    import json

    from drawcloser.coach.safety import screen_texts

    caught = positives = flagged = negatives = 0
    misses: list[str] = []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    found = screen_texts([str(case["text"]) for case in rows], learned=learned)
    for case, screened in zip(rows, found, strict=True):
        hit = screened is not None
        if case["safety"]:
            positives += 1
            caught += hit
            if not hit:
                misses.append(f"missed ({case['kind']}): {case['text']}")
        else:
            negatives += 1
            flagged += hit
            if hit:
                misses.append(f"false alarm: {case['text']}")
    return caught, positives, flagged, negatives, misses


def format_scores(title: str, s: Scores) -> str:
    lines = [f"== {title}: {s.n} messages =="]
    lines.append(
        f"polarity macro-F1 {s.polarity_macro_f1:.3f}   "
        + "   ".join(f"{p} {s.polarity_f1[p]:.3f}" for p in POLARITY_NAMES)
    )
    lines.append(
        "right push label (strongest push finding is a gold label): "
        f"{s.push_label_accuracy:.3f} of all push messages, "
        f"{s.push_label_accuracy_found:.3f} of those the check calls push"
    )
    lines.append(f"push labels macro-F1: {s.push_label_macro_f1:.3f}")
    lines.append(f"neutral or pull flagged as push: {s.false_push_rate:.1%}")
    lines.append("")
    lines.append("polarity confusion (rows gold, columns predicted)")
    lines.append("            " + "".join(f"{p:>9}" for p in POLARITY_NAMES))
    for g in POLARITY_NAMES:
        lines.append(
            f"{g:>12}" + "".join(f"{s.polarity_confusion[g][p]:>9}" for p in POLARITY_NAMES)
        )
    lines.append("")
    lines.append(f"{'label':>13} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for label in LABELS:
        p, r, f, n = s.label_prf[label]
        lines.append(f"{label:>13} {p:>9.3f} {r:>7.3f} {f:>6.3f} {n:>8}")
    lines.append("")
    lines.append("push label confusion (rows gold, columns the strongest push finding)")
    cols = [*PUSH_LABELS, "none"]
    lines.append(" " * 10 + "".join(f"{c[:7]:>8}" for c in cols))
    for g in PUSH_LABELS:
        lines.append(f"{g[:9]:>10}" + "".join(f"{s.label_confusion[g][c]:>8}" for c in cols))
    return "\n".join(lines)
