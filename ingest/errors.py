"""Errors ingest raises for user mistakes, importable without loading spaCy."""

from __future__ import annotations

__all__ = ["ModelError"]


class ModelError(Exception):
    """The spaCy pipeline asked for is not installed."""
