"""The message check: text in, Report out. Pure functions over text, no I/O.

Sentence by sentence: rules find evidence spans, the engine's model gives label and
polarity probabilities, and fusion combines them. Rules raise a label (strong rules on
their own, hints together with the model) and keep quoted or negated words from counting;
the model generalises to phrasings no rule names. Push is weighed down before a sentence's
polarity is chosen, so a warm sentence needs real evidence before it is called a push.

Everything that can be is done for a whole batch at once with numpy; per-sentence Python
only builds the report.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from drawcloser import messages
from drawcloser.coach import engines, rules
from drawcloser.coach.features import Features
from drawcloser.coach.language import looks_english
from drawcloser.coach.model import FastModel
from drawcloser.coach.report import (
    Evidence,
    Finding,
    Report,
    Safety,
    SentenceResult,
    Source,
    Verdict,
)
from drawcloser.coach.safety import screen_texts
from drawcloser.coach.suggestions import library
from drawcloser.coach.taxonomy import LABELS, PULL_LABELS, PUSH_LABELS, Polarity, taxonomy
from drawcloser.coach.text import Span, normalised, split_sentences, token_bounds

MAX_CHARS = 20_000
ENGINES = engines.CHOICES
CHUNK = 2048  # messages per model call: bounds memory on huge batches

STRONG_FLOOR = 0.9  # a strong rule alone makes a label this sure
HINT_WEIGHT = 0.5  # a hint closes half the gap between the model's guess and certainty
WARM_OVERRIDE = 0.8  # a pull label this likely turns strong push rules into hints
RATIO = 5.0  # pulls per push in stable couples (Gottman & Levenson 1992)

_K = len(LABELS)
_INDEX = {label: i for i, label in enumerate(LABELS)}
_PUSH = np.array([label in PUSH_LABELS for label in LABELS])
_PULL = np.array([label in PULL_LABELS for label in LABELS])
_SHOUTING = re.compile(r"\b[A-Z]{2,}(?:\W+[A-Z]{2,})+\b")
_NOT_SHOUTING = frozenset({"OK", "TV", "USA", "UK", "ASAP", "FYI", "LOL", "OMG", "DM", "ER"})


class CheckInputError(ValueError):
    """Text the check cannot take; the message says why, in plain words."""


def validate(text: object) -> str:
    if not isinstance(text, str):
        raise CheckInputError(messages.CHECK_NOT_TEXT)
    if not text.strip():
        raise CheckInputError(messages.CHECK_EMPTY)
    if len(text) > MAX_CHARS:
        raise CheckInputError(messages.CHECK_TOO_LONG.format(limit=MAX_CHARS, size=len(text)))
    if "\x00" in text:
        raise CheckInputError(messages.CHECK_BINARY)
    return text


def resolve_engine(engine: str | engines.Engine) -> engines.Engine:
    if isinstance(engine, engines.Engine):
        return engine
    if engine not in ENGINES:
        raise CheckInputError(
            messages.CHECK_UNKNOWN_ENGINE.format(engine=engine, known=", ".join(ENGINES))
        )
    try:
        return engines.get(engine)
    except engines.EngineUnavailable as exc:
        raise CheckInputError(messages.CHECK_ENGINE_UNAVAILABLE.format(reason=exc)) from None


@dataclass(slots=True)
class _Sentence:
    span: Span
    text: str
    plain: str  # normalised, as written
    model_input: str  # normalised with reported speech hidden, for the fast model
    deep_input: str  # as written, for the deep engine
    masked: bool  # reported speech was hidden from the model
    matches: list[rules.Match]

    @property
    def bounds(self) -> tuple[int, int, str]:
        return self.span.start, self.span.end, self.text


def check(text: str, engine: str | engines.Engine = "auto") -> Report:
    return check_many([text], engine)[0]


def check_many(
    texts: Sequence[str],
    engine: str | engines.Engine = "auto",
    progress: Callable[[int], None] | None = None,
) -> list[Report]:
    """Check many messages at once; the model runs over all their sentences together.

    ``engine`` is a name (auto, fast, deep) or an Engine (used when tuning one being built).
    """
    for text in texts:
        validate(text)
    chosen = resolve_engine(engine)
    # The fast engine checks each message on its own (batching only saves time), so a
    # message met again in the batch ("ok", "lol", "love you" fill chat exports) is checked
    # once and copied. The deep engine's encoder batches by length: it sees every message.
    seen: dict[str, Report] | None = {} if chosen.encoder is None else None
    reports: list[Report] = []
    for begin in range(0, len(texts), CHUNK):
        part = texts[begin : begin + CHUNK]
        with _collector_paused():
            reports.extend(
                _check_chunk(part, chosen) if seen is None else _check_new(part, chosen, seen)
            )
        if progress is not None:
            progress(len(part))
    return reports


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a chunk is checked.

    A chunk allocates tens of thousands of small objects (sentences, matches, findings)
    and makes no reference cycles: what dies is freed by reference counting, and what
    lives is the reports being built. The collector's passes, triggered by the allocations
    alone, only scan those again and again, a tenth of a chunk's time or more. The pause
    lasts one chunk (at most CHUNK messages); it is left alone when the caller has already
    turned the collector off, and only undone by the call that made it.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _check_new(
    texts: Sequence[str], engine: engines.Engine, seen: dict[str, Report]
) -> list[Report]:
    """Reports for ``texts``, checking only those not in ``seen`` (which gains them)."""
    new = [t for t in dict.fromkeys(texts) if t not in seen]
    fresh = set(new)
    seen.update(zip(new, _check_chunk(new, engine), strict=True))
    out = []
    for text in texts:
        if text in fresh:  # its first appearance gets the report itself
            fresh.discard(text)
            out.append(seen[text])
        else:
            out.append(seen[text].copy())
    return out


def _check_chunk(texts: Sequence[str], engine: engines.Engine) -> list[Report]:
    prepared = [_prepare(t) for t in texts]
    flat = [s for sentences in prepared for s in sentences]
    # The fast model always runs: it is cheap, and its features point at the words.
    fast_p, feats = engine.fast.predict_features([s.model_input for s in flat])
    embeddings, label_p = engine.run([s.deep_input for s in flat], fast_p)
    label_p = _with_context(prepared, label_p, engine)
    meaning = (
        (embeddings, engine.heads.rewrite_vectors)
        if embeddings is not None and engine.heads
        else None
    )
    conf, chosen, backed = _decide(flat, label_p, engine)
    batch = _Batch(
        _chosen_labels(conf, chosen, backed),
        label_p[:, _INDEX["neutral"]].tolist(),
        _model_spans(flat, chosen, backed, feats, engine.fast),
        engine.name,
        meaning,
    )
    reports, row = [], 0
    # The learned safety screen reads the sentences as written (his quoted words count).
    said = [[(s.span, s.plain) for s in sentences] for sentences in prepared]
    screened = screen_texts(texts, sentences=said)
    for text, sentences, safety in zip(texts, prepared, screened, strict=True):
        reports.append(batch.report(text, sentences, row, safety))
        row += len(sentences)
    return reports


def _with_context(
    prepared: list[list[_Sentence]], label_p: npt.NDArray[np.float32], engine: engines.Engine
) -> npt.NDArray[np.float32]:
    """Each sentence's probabilities, blended with those of the whole message it is in.

    A sentence read alone loses what the message around it says ("Please never stop." after
    "I still get butterflies when you hug me"): the model then guesses a push that the whole
    message does not carry. Single-sentence messages are unchanged.
    """
    share = engine.message_share
    many = [i for i, sentences in enumerate(prepared) if len(sentences) > 1]
    if not many or share <= 0:
        return label_p
    whole = [" ".join(s.deep_input for s in prepared[i]) for i in many]
    whole_fast = engine.fast.predict([normalised(t) for t in whole])
    _, whole_p = engine.run(whole, whole_fast)
    message_p = np.zeros((len(prepared), label_p.shape[1]), np.float32)
    message_p[many] = whole_p
    owner = np.repeat(np.arange(len(prepared)), [len(s) for s in prepared])
    rows = np.isin(owner, many)
    out = label_p.copy()
    out[rows] = (1 - share) * label_p[rows] + share * message_p[owner[rows]]
    return out


def _prepare(text: str) -> list[_Sentence]:
    out = []
    for span in split_sentences(text):
        sentence = text[span.start : span.end]
        plain = normalised(sentence)
        words = set(plain.split())
        reported = rules.reported_spans(sentence) if rules.may_report(sentence, words) else []
        deep_input = _masked(sentence, reported) if reported else sentence
        model_input = normalised(deep_input) if reported else plain
        matches = rules.find(sentence, words, reported)
        out.append(
            _Sentence(span, sentence, plain, model_input, deep_input, bool(reported), matches)
        )
    return out


def _masked(sentence: str, reported: list[Span]) -> str:
    # Someone else's words are not hers: the model sees that something was said, not what.
    pieces, pos = [], 0
    for r in sorted(reported, key=lambda r: r.start):
        if r.start < pos:
            continue
        pieces.append(sentence[pos : r.start])
        pieces.append(" quote ")
        pos = r.end
    pieces.append(sentence[pos:])
    return "".join(pieces)


def _decide(
    flat: list[_Sentence],
    label_p: npt.NDArray[np.float32],
    model: engines.Engine,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Fuse rules and model for every sentence at once: (confidence, chosen, rule-backed).

    Each sentence first gets a polarity: whichever of its push evidence (the push labels'
    summed probabilities), pull evidence (likewise) and neutral is largest, with the
    model's push guesses weighed down by ``model.push_weight`` (a warm sentence must not be
    called a push on a hunch); a push label a rule found counts in full, and a strong push
    rule decides on its own.
    Then its labels: the strongest label of that polarity, plus any other label of that
    polarity past its threshold, plus labels strong rules name.
    """
    conf = label_p.astype(np.float64)
    backed = np.zeros(conf.shape, bool)
    strong = np.zeros(conf.shape, bool)
    # When the model is sure a sentence is warm, push words in it are likely said in jest
    # ("it's all your fault, you got me hooked on that show 😂"): a strong rule then
    # counts only as a hint.
    warm = np.where(_PULL, label_p, 0.0).max(axis=1) >= WARM_OVERRIDE
    for r, sentence in enumerate(flat):
        for m in sentence.matches:
            k = _INDEX[m.rule.label]
            backed[r, k] = True
            if m.rule.strong and not (warm[r] and _PUSH[k]):
                strong[r, k] = True
                conf[r, k] = max(conf[r, k], STRONG_FLOOR + (1 - STRONG_FLOOR) * conf[r, k])
            else:
                conf[r, k] = 1 - (1 - conf[r, k]) * (1 - HINT_WEIGHT)
    # Summed, not the strongest label: each label's head is one-vs-rest, so a sentence
    # that could be chasing or pleading or drama spreads its push over three middling
    # labels none of which wins alone (about +2.5 points of dev macro-F1 for the fast
    # engine and +1 for the deep one, at the same false-push rate).
    # The push weight discounts the model's hunches, not what a rule found in her words:
    # "You always do this to me" stays a push even when the model alone leans warm.
    push_evidence = np.where(_PUSH & ~backed, conf * model.push_weight, np.where(_PUSH, conf, 0.0))
    score = np.stack(
        [
            push_evidence.sum(axis=1),
            np.where(_PULL, conf, 0.0).sum(axis=1),
            conf[:, _INDEX["neutral"]],
        ],
        axis=1,
    )
    # A strong rule decides on its own: its words carry the label whatever the model says.
    score[:, 0] = np.where(np.where(_PUSH, strong, False).any(axis=1), 1.0, score[:, 0])
    polarity = score.argmax(axis=1)
    past = conf >= model.thresholds
    chosen = np.zeros(conf.shape, bool)
    is_push, is_pull = polarity == 0, polarity == 1
    # The sentence's own polarity: its strongest label, and every label past its threshold.
    chosen |= np.outer(is_push, _PUSH) & past
    chosen |= np.outer(is_pull, _PULL) & past
    # Strong rule labels of the other polarity too ("I love you, but you never listen").
    chosen |= strong & (_PUSH | _PULL)
    rows = np.arange(len(polarity))
    top_push = np.where(_PUSH, conf, -1.0).argmax(axis=1)
    top_pull = np.where(_PULL, conf, -1.0).argmax(axis=1)
    chosen[rows[is_push], top_push[is_push]] = True
    chosen[rows[is_pull], top_pull[is_pull]] = True
    return conf, chosen, backed


def _model_spans(
    flat: list[_Sentence],
    chosen: npt.NDArray[np.bool_],
    backed: npt.NDArray[np.bool_],
    feats: Features,
    model: FastModel,
) -> dict[tuple[int, int], list[Span]]:
    """For labels no rule names, the words that moved the model most (all rows at once).

    A sentence's words are its tokens whose contribution is at least half the strongest
    one's; runs of them make up to three spans. The whole sentence stands instead when its
    tokens cannot be lined up with the model's (reported speech hidden, or a text whose
    lower case tokenises differently) or when no word pushed the label up.
    """
    wanted = chosen & ~backed
    rows, labels = np.nonzero(wanted)
    if len(rows) == 0:
        return {}
    # A row's labels in ascending order, one layer each: the order they were attributed in
    # when each layer was a call of its own, which keeps every sum exactly as it was.
    layers = (np.cumsum(wanted, axis=1) - 1)[rows, labels]
    order = np.lexsort((rows, layers))
    rows, labels, layers = rows[order], labels[order], layers[order]
    contrib, indptr = model.contributions(feats, rows, labels, layers)
    n_model = np.diff(indptr)
    masked = np.fromiter((flat[r].masked for r in rows.tolist()), bool, len(rows))
    # Each sentence is tokenised once, however many of its labels need words.
    needed = np.unique(rows[~masked])
    starts, ends, tok_ptr = token_bounds([flat[r].text for r in needed.tolist()])
    which = np.minimum(np.searchsorted(needed, rows), max(len(needed) - 1, 0))
    n_text = np.where(masked, -1, np.diff(tok_ptr)[which] if len(needed) else -1)
    has = n_model > 0
    top = np.zeros(len(rows), np.float64)
    top[has] = np.maximum.reduceat(contrib, indptr[:-1][has])
    ok = ~masked & (n_text == n_model) & has & (top > 0)
    keep = contrib >= np.repeat(0.5 * top, n_model)
    keep &= np.repeat(ok, n_model)
    first = np.zeros(len(contrib), bool)
    first[indptr[:-1][has]] = True
    last = np.zeros(len(contrib), bool)
    last[indptr[1:][has] - 1] = True
    prev_kept = np.concatenate(([False], keep[:-1])) & ~first
    next_kept = np.concatenate((keep[1:], [False])) & ~last
    run_first = np.flatnonzero(keep & ~prev_kept)
    run_last = np.flatnonzero(keep & ~next_kept)
    run_pair = np.searchsorted(indptr, run_first, side="right") - 1
    rank = np.arange(len(run_first)) - np.searchsorted(run_pair, run_pair)
    top3 = rank < 3
    run_first, run_last, run_pair = run_first[top3], run_last[top3], run_pair[top3]
    base = tok_ptr[which[run_pair]] - indptr[run_pair]
    span_starts = starts[run_first + base].tolist() if len(run_first) else []
    span_ends = ends[run_last + base].tolist() if len(run_first) else []
    keys = list(zip(rows.tolist(), labels.tolist(), strict=True))
    out: dict[tuple[int, int], list[Span]] = {}
    for p, start, end in zip(run_pair.tolist(), span_starts, span_ends, strict=True):
        out.setdefault(keys[p], []).append(Span(start, end))
    for p in np.flatnonzero(~ok).tolist():
        r = keys[p][0]
        out[keys[p]] = [Span(0, len(flat[r].text))]
    return out


@dataclass(frozen=True, slots=True)
class _LabelWords:
    """What a finding of one label says, looked up once rather than per finding."""

    name: str
    push: bool
    hears: str
    principle: str
    advice: str  # push: the antidote, what to do instead; pull: why it works


@cache
def _label_words() -> tuple[_LabelWords, ...]:
    out = []
    for label in LABELS:
        info = taxonomy()[label]
        push = info.polarity == "push"
        advice = (info.antidote_hint if push else info.why) or ""
        out.append(_LabelWords(label, push, info.hears, info.principle.text, advice))
    return tuple(out)


_IS_PUSH = tuple(label in PUSH_LABELS for label in LABELS)
_IS_PULL = tuple(label in PULL_LABELS for label in LABELS)


_Chosen = tuple[int, float, bool]  # (label index, confidence, backed by a rule)


def _chosen_labels(
    conf: npt.NDArray[np.float64], chosen: npt.NDArray[np.bool_], backed: npt.NDArray[np.bool_]
) -> list[list[_Chosen]]:
    """Each row's chosen labels, the most likely first (ties: label order); [] if neutral.

    Only the chosen cells are read out of the arrays: most of a batch is neutral.
    """
    out: list[list[_Chosen]] = [[] for _ in range(len(chosen))]
    rows, ks = np.nonzero(chosen)
    for r, k, c, b in zip(
        rows.tolist(), ks.tolist(), conf[rows, ks].tolist(), backed[rows, ks].tolist(), strict=True
    ):
        out[r].append((k, c, b))
    for labels in out:
        if len(labels) > 1:
            labels.sort(key=lambda label: -label[1])
    return out


@dataclass(frozen=True, slots=True)
class _Batch:
    """Everything decided for a batch's sentences, as plain lists: reports are built from
    Python values, since reading numpy arrays one element at a time is slow."""

    chosen: list[list[_Chosen]]
    neutral: list[float]
    model_spans: dict[tuple[int, int], list[Span]]
    engine: str
    meaning: tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]] | None

    def report(
        self, text: str, sentences: list[_Sentence], first_row: int, safety: Safety | None
    ) -> Report:
        results: list[SentenceResult] = []
        findings: list[Finding] = []
        push = pull = 0.0  # the sentences' strongest push and pull, summed (see _score)
        label_words = _label_words()
        shown: set[str] = set()  # alternatives already offered in this message
        message_plain = " ".join(s.plain for s in sentences)
        for i, sentence in enumerate(sentences):
            r = first_row + i
            chosen = self.chosen[r]
            start, end = sentence.span.start, sentence.span.end
            if not chosen:  # neutral: most sentences, nothing more to say
                label_p = {"neutral": round(self.neutral[r], 3)}
                results.append(SentenceResult(start, end, sentence.text, "neutral", label_p))
                continue
            labels: dict[str, float] = {}
            rounded: list[float] = []
            top_push = top_pull = 0.0
            has_push = False
            for k, c, _ in chosen:
                value = round(c, 3)
                labels[LABELS[k]] = value
                rounded.append(value)
                if _IS_PUSH[k]:
                    has_push = True
                    top_push = max(top_push, value)
                elif _IS_PULL[k]:
                    top_pull = max(top_pull, value)
            push += top_push
            pull += top_pull
            polarity: Polarity = "push" if has_push else "pull"
            results.append(SentenceResult(start, end, sentence.text, polarity, labels))
            # Shouting is evidence for the sentence's first push finding only.
            shouting = _shouting(sentence.text) if has_push else None
            for (k, _, backed), confidence in zip(chosen, rounded, strict=True):
                words = label_words[k]
                if words.push:
                    finding = self._finding(
                        text,
                        sentence,
                        i,
                        r,
                        k,
                        backed,
                        confidence,
                        words,
                        safety,
                        shouting,
                        shown,
                        message_plain,
                    )
                    shown.update(finding.alternatives)
                    shouting = None
                else:
                    finding = self._finding(
                        text,
                        sentence,
                        i,
                        r,
                        k,
                        backed,
                        confidence,
                        words,
                        safety,
                        None,
                        shown,
                        message_plain,
                    )
                findings.append(finding)
        verdict, score = _score(push, pull)
        notes = [] if looks_english(text) else [messages.CHECK_NOT_ENGLISH]
        if safety is not None:
            notes.append(messages.CHECK_SAFETY_PAUSES_COACHING)
        return Report(text, verdict, score, self.engine, results, findings, safety, notes)

    def _finding(
        self,
        text: str,
        sentence: _Sentence,
        index: int,
        row: int,
        k: int,
        backed: bool,
        confidence: float,
        words: _LabelWords,
        safety: Safety | None,
        shouting: Span | None,
        shown: set[str],
        message_plain: str,
    ) -> Finding:
        label = words.name
        source: Source
        if backed:
            spans = _merge([m.span for m in sentence.matches if m.rule.label == label])
            source = "rule"
        else:
            spans = self.model_spans.get((row, k)) or [Span(0, len(sentence.text))]
            source = "model"
        if shouting is not None:
            spans = _merge([*spans, shouting])
        base = sentence.span.start
        evidence = []
        for s in spans:
            start, end = base + s.start, base + s.end
            evidence.append(Evidence(start, end, text[start:end]))
        alternatives: list[str] = []
        if words.push and safety is None:
            meaning = (self.meaning[0][row], self.meaning[1]) if self.meaning is not None else None
            alternatives = library().alternatives(
                sentence.text,
                label,
                meaning=meaning,
                normalised_text=sentence.plain,
                avoid=shown,
                context=message_plain,
            )
        return Finding(
            label,
            "push" if words.push else "pull",
            index,
            confidence,
            source,
            evidence,
            words.hears,
            words.principle,
            words.advice,
            alternatives,
        )


def _score(push: float, pull: float) -> tuple[Verdict, int]:
    """The verdict and score from the sentences' strongest push and pull, summed."""
    verdict: Verdict = (
        "mixed" if push and pull else "push" if push else "pull" if pull else "neutral"
    )
    # The 5 : 1 reference: one push weighs as much as five pulls, so a message scores 0
    # exactly when its pull is five times its push.
    weighted = RATIO * push
    if not (pull or push):
        return verdict, 0
    # Scaled by how sure the strongest side is: a hunch at 4% must not score like a
    # certainty at the end of the scale.
    strength = min(1.0, max(push, pull))
    return verdict, round(100 * strength * (pull - weighted) / (pull + weighted))


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start <= out[-1].end:
            if s.end > out[-1].end:
                out[-1] = Span(out[-1].start, s.end)
        else:
            out.append(s)
    return out


def _shouting(sentence: str) -> Span | None:
    for m in _SHOUTING.finditer(sentence):
        words = re.findall(r"[A-Z]{2,}", m.group())
        if any(w not in _NOT_SHOUTING for w in words):
            return Span(m.start(), m.end())
    return None
