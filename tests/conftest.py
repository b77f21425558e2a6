"""Shared fixtures: the real spaCy pipeline and real on-disk stores, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
EXAMPLES = ROOT / "examples"
SEEDS = SHARED / "corpus" / "seeds"
BBC = SHARED / "corpus" / "bbc"
CARB = SHARED / "benchmarks" / "carb"


def require_shared(path: Path = SHARED) -> Path:
    """Skip the calling test when ../shared (or a part of it) is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is absent: clone the project beside ../shared to run this test")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The English pipeline with newskg's components, loaded once."""
    from ingest.pipeline import load_nlp

    return load_nlp()


def _build_store(tmp_path_factory, name: str, *paths: Path):
    from graph.store import KnowledgeGraph
    from ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp(name) / "store"
    with KnowledgeGraph(folder) as kg:
        summary = ingest(paths, kg, progress=False)
    assert not summary.failed, summary.failed
    return folder


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """Path of an on-disk store built from ../shared/corpus/seeds (skips without ../shared)."""
    require_shared(SEEDS)
    return _build_store(tmp_path_factory, "seeds", SEEDS)


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory) -> Path:
    """Path of an on-disk store built from examples/."""
    return _build_store(tmp_path_factory, "examples", EXAMPLES)


@pytest.fixture()
def seed_kg(seed_store):
    """The seed store opened read-only for one test."""
    from graph.store import KnowledgeGraph

    with KnowledgeGraph(seed_store, read_only=True) as kg:
        yield kg
