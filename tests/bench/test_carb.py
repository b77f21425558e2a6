"""Tests of the CaRB scorer on small hand-computed cases and on the shared dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.carb import (
    CarbResult,
    ScoredTuple,
    Tuple,
    load_gold,
    load_predictions,
    main,
    normalise_sentence,
    pair_match,
    score,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CARB_DIR = SHARED / "benchmarks" / "carb"

S1 = "Russia deployed troops in the region ."
S2 = "The deal was signed by Moscow ."


def _pred(relation: str, arg1: str, obj: str, confidence: float = 1.0) -> ScoredTuple:
    return ScoredTuple(relation, arg1, obj, confidence)


def _score(gold: list[Tuple], preds: list[ScoredTuple]) -> CarbResult:
    return score({S1: gold}, {S1: preds})


def test_exact_match_scores_one() -> None:
    gold = Tuple.from_args("deployed", ["Russia", "troops", "in the region"])
    result = _score([gold], [_pred("deployed", "Russia", "troops in the region")])
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.sentences == 1 and result.gold_tuples == 1 and result.predicted_tuples == 1


def test_partial_words() -> None:
    # gold words: signed | Moscow | the deal -> 4; predicted: signed | Moscow | the peace deal -> 5
    gold = Tuple("signed", "Moscow", "the deal")
    assert pair_match(_pred("signed", "Moscow", "the peace deal"), gold) == (0.8, 1.0)
    # predicted: signed | Moscow | deal -> 3 words, all matched; recall 3/4
    assert pair_match(_pred("signed", "Moscow", "deal"), gold) == (1.0, 0.75)
    result = _score([gold], [_pred("signed", "Moscow", "the peace deal")])
    assert result.f1 == pytest.approx(2 * 0.8 / 1.8)


def test_words_are_case_sensitive_and_counted_once() -> None:
    gold = Tuple("met", "the envoy", "the minister")
    # "the" appears once in each gold argument: arg1 "the the envoy" matches 2 of 3 words.
    precision, recall = pair_match(_pred("met", "the the envoy", "The minister"), gold)
    assert precision == pytest.approx(4 / 6)  # met, the, envoy, minister
    assert recall == pytest.approx(4 / 5)


def test_arguments_match_part_to_part() -> None:
    gold = Tuple("signed", "Moscow", "the deal")
    # The right words in the wrong slots only score the relation.
    assert pair_match(_pred("signed", "the deal", "Moscow"), gold) == (0.25, 0.25)


def test_relation_must_share_a_word() -> None:
    gold = Tuple("signed", "Moscow", "the deal")
    assert pair_match(_pred("approved", "Moscow", "the deal"), gold) == (0.0, 0.0)


def test_prediction_needs_arg1_and_object() -> None:
    gold = Tuple("signed", "Moscow", "the deal")
    assert pair_match(_pred("signed", "Moscow", ""), gold) == (0.0, 0.0)
    assert pair_match(_pred("signed", "", "the deal"), gold) == (0.0, 0.0)


@pytest.mark.parametrize("form", ["is", "are", "was", "were", "been", "being", "am", "'s", "'re"])
def test_predicted_be_stands_for_any_form(form: str) -> None:
    gold = Tuple(f"{form} in", "Yerevan", "Armenia")
    assert pair_match(_pred("be in", "Yerevan", "Armenia"), gold) == (1.0, 1.0)


def test_be_rule_only_applies_to_predicted_be() -> None:
    assert pair_match(_pred("is", "Yerevan", "a city"), Tuple("was", "Yerevan", "a city")) == (
        0.0,
        0.0,
    )
    assert pair_match(_pred("is", "Yerevan", "a city"), Tuple("be", "Yerevan", "a city")) == (
        0.0,
        0.0,
    )


def test_be_rule_counts_each_gold_form_once() -> None:
    # gold relation "has been": predicted "be be" matches "been" once, not twice.
    gold = Tuple("has been", "it", "closed")
    precision, recall = pair_match(_pred("be be", "it", "closed"), gold)
    assert precision == pytest.approx(3 / 4)
    assert recall == pytest.approx(3 / 4)


def test_speech_arguments_may_be_swapped() -> None:
    gold = Tuple("said", "the ministry", "troops withdrew")
    assert pair_match(_pred("said", "troops withdrew", "the ministry"), gold) == (1.0, 1.0)
    # Not for other relations: only the relation word matches.
    other = Tuple("denied", "the ministry", "troops withdrew")
    assert pair_match(_pred("denied", "troops withdrew", "the ministry"), other) == (0.2, 0.2)


def test_speech_swap_takes_the_better_reading() -> None:
    gold = Tuple("says", "the ministry", "troops withdrew")
    # normal: the ministry (2) + withdrew (1); swapped: nothing -> keep normal
    assert pair_match(_pred("says", "the ministry", "withdrew"), gold) == (1.0, 0.8)


def test_recall_takes_best_prediction_per_gold() -> None:
    gold = [Tuple("signed", "Moscow", "the deal")]
    preds = [_pred("signed", "Moscow", "deal"), _pred("signed", "Moscow", "the deal")]
    result = _score(gold, preds)
    assert result.recall == 1.0
    # One-to-one: only one prediction pairs with the single gold tuple.
    assert result.precision == 0.5


def test_greedy_precision_pairs_one_to_one() -> None:
    g1 = Tuple("signed", "Moscow", "the deal")
    g2 = Tuple("signed", "Moscow", "the peace deal with Baku")
    p1 = _pred("signed", "Moscow", "the peace deal")  # vs g1: 4/5; vs g2: 5/5
    p2 = _pred("signed", "Moscow", "the deal")  # vs g1: 4/4; vs g2: 4/4
    # Greedy by precision: the first pair is taken in gold order on ties -> (g1, p2) = 1.0,
    # then (g2, p1) = 1.0.
    result = _score([g1, g2], [p1, p2])
    assert result.precision == 1.0
    # Recall: g1 best 4/4, g2 best 5/7.
    assert result.recall == pytest.approx((1.0 + 5 / 7) / 2)


def test_greedy_precision_is_not_an_optimal_assignment() -> None:
    g1 = Tuple("met with", "the envoy", "the minister")
    g2 = Tuple("met", "the envoy", "the minister and officials")
    pa = _pred("met", "the envoy", "the minister")  # vs g1: 5/5; vs g2: 5/5
    pb = _pred("talked with", "the envoy", "the minister")  # vs g1: 5/6; vs g2: no shared relation
    result = _score([g1, g2], [pa, pb])
    # Greedy takes (g1, pa) first, leaving pb without a partner: 1.0 / 2 kept predictions.
    # (The best assignment, (g2, pa) + (g1, pb), would give (1 + 5/6) / 2.)
    assert result.precision == 0.5
    # Recall: g1 is best matched at 5/6 (either prediction), g2 at 5/7 (pa).
    assert result.recall == pytest.approx((5 / 6 + 5 / 7) / 2)


def test_threshold_choice() -> None:
    gold = [Tuple("signed", "Moscow", "the deal")]
    preds = [
        _pred("signed", "Moscow", "the deal", 0.9),
        _pred("signed", "Baku", "nothing at all", 0.2),
        _pred("rejected", "Baku", "the deal", 0.1),
    ]
    result = _score(gold, preds)
    assert result.threshold == 0.9
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert [pt.threshold for pt in result.curve] == [0.9, 0.2, 0.1]
    assert [pt.precision for pt in result.curve] == pytest.approx([1.0, 0.5, 1 / 3])
    assert result.predicted_tuples == 3


def test_low_threshold_wins_when_it_adds_recall() -> None:
    gold = [Tuple("signed", "Moscow", "the deal"), Tuple("deployed", "Russia", "troops")]
    preds = [
        _pred("signed", "Moscow", "the deal", 0.9),
        _pred("deployed", "Russia", "troops", 0.3),
    ]
    result = _score(gold, preds)
    assert result.threshold == 0.3
    assert result.f1 == 1.0


def test_thresholds_combine_sentences() -> None:
    gold = {S1: [Tuple("deployed", "Russia", "troops")], S2: [Tuple("signed", "Moscow", "it")]}
    preds = {
        S1: [_pred("deployed", "Russia", "troops", 0.8)],
        S2: [_pred("signed", "Moscow", "it", 0.4), _pred("was", "it", "a deal", 0.6)],
    }
    result = score(gold, preds)
    points = {pt.threshold: (pt.precision, pt.recall) for pt in result.curve}
    assert points[0.8] == (1.0, 0.5)
    assert points[0.6] == (0.5, 0.5)
    assert points[0.4] == pytest.approx((2 / 3, 1.0))
    assert result.threshold == 0.4
    # Curve points (R, P): (0.5, 1.0) and (0.5, 0.5) -> best (0.5, 1.0); then (1.0, 2/3).
    assert result.auc == pytest.approx(0.5 * (1.0 + 2 / 3) / 2)


def test_sentences_without_gold_are_ignored() -> None:
    gold = {S1: [Tuple("deployed", "Russia", "troops")], S2: []}
    preds = {
        S1: [_pred("deployed", "Russia", "troops", 0.5)],
        S2: [_pred("signed", "Moscow", "the deal", 0.9)],
        "An unknown sentence .": [_pred("x", "y", "z", 0.7)],
    }
    result = score(gold, preds)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.sentences == 1
    assert result.predicted_tuples == 1
    assert [pt.threshold for pt in result.curve] == [0.5]


def test_gold_without_predictions_counts_for_recall() -> None:
    gold = {S1: [Tuple("deployed", "Russia", "troops")], S2: [Tuple("signed", "Moscow", "it")]}
    result = score(gold, {S1: [_pred("deployed", "Russia", "troops")]})
    assert (result.precision, result.recall) == (1.0, 0.5)


def test_no_predictions() -> None:
    result = score({S1: [Tuple("deployed", "Russia", "troops")]}, {})
    assert result.f1 == 0.0 and result.curve == () and result.auc == 0.0


def test_tuple_from_args_joins_further_arguments() -> None:
    t = Tuple.from_args("deployed", ["Russia", "troops", "in the region", "on Tuesday"])
    assert t == Tuple("deployed", "Russia", "troops in the region on Tuesday")
    assert Tuple.from_args("left", ["He"]).object == ""


def test_normalise_sentence() -> None:
    assert normalise_sentence(" A  b .\t") == "A b ."


def test_load_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_path = tmp_path / "gold.tsv"
    gold_path.write_text(
        f"{S1}\tdeployed\tRussia\ttroops\tin the region\n{S2} \twas signed by\tThe deal\tMoscow\n",
        encoding="utf-8",
    )
    pred_path = tmp_path / "pred.tsv"
    pred_path.write_text(
        f"{S1}\t0.9\tdeployed\tRussia\ttroops\tin the region\n{S2}\t0.5\tsigned\tMoscow\n",
        encoding="utf-8",
    )
    gold = load_gold(gold_path)
    assert gold[S2] == [Tuple("was signed by", "The deal", "Moscow")]
    preds = load_predictions(pred_path)
    assert preds[S1] == [ScoredTuple("deployed", "Russia", "troops in the region", 0.9)]
    assert preds[S2] == [ScoredTuple("signed", "Moscow", "", 0.5)]
    assert main(["--pred", str(pred_path), "--gold", str(gold_path)]) == 0
    out = capsys.readouterr().out
    assert "precision 1.0000" in out and "recall    0.5000" in out
    assert "sentences 2; gold tuples 2; predicted tuples 2" in out


def test_cli_extract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("ingest.openie")
    sentences = tmp_path / "dev.txt"
    sentences.write_text(f"{S1}\n{S2}\n", encoding="utf-8")
    gold_path = tmp_path / "gold.tsv"
    gold_path.write_text(
        f"{S1}\tdeployed\tRussia\ttroops\tin the region\n{S2}\twas signed by\tThe deal\tMoscow\n",
        encoding="utf-8",
    )
    out = tmp_path / "pred.tsv"
    args = ["--extract", "--sentences", str(sentences), "--gold", str(gold_path), "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "f1        1.0000" in printed
    assert "extraction" in printed and "of parse" in printed
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r[0] for r in rows} == {S1, S2}
    assert ("deployed", "Russia", "troops in the region") in [
        (r[2], r[3], " ".join(r[4:])) for r in rows
    ]


def test_load_predictions_rejects_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "pred.tsv"
    path.write_text(f"{S1}\t0.9\n", encoding="utf-8")
    with pytest.raises(ValueError, match="fewer than 3 fields"):
        load_predictions(path)


def test_gold_scored_against_itself() -> None:
    gold_path = CARB_DIR / "dev.gold.tsv"
    if not gold_path.is_file():
        pytest.skip(f"shared CaRB data not found at {CARB_DIR}")
    gold = load_gold(gold_path)
    preds = {
        s: [ScoredTuple(t.relation, t.arg1, t.object, 1.0) for t in tuples]
        for s, tuples in gold.items()
    }
    result = score(gold, preds)
    assert result.sentences == len(gold) > 600
    # Gold tuples without an object can never be matched, so a little is lost.
    assert result.recall > 0.97 and result.precision > 0.97
