"""Read article files into :class:`Article` records, or say in one line why a file cannot be used.

Supported inputs:

``.txt`` / ``.md``
    First non-empty line is the title (a leading ``#`` is dropped), the rest the body. An optional
    front-matter block (``---`` lines around ``key: value`` pairs: title, date, source, url) and a
    ``YYYY-MM-DD`` prefix in the file name give metadata.
``.html`` / ``.htm``
    Article text and metadata through trafilatura, which drops scripts, styles and navigation.
``.jsonl``
    One JSON object per line with ``text`` and optional ``title``, ``url``, ``date``, ``source``.
    A bad line fails alone; the other lines are read.

Limits: a file over :data:`MAX_FILE_BYTES` (10 MiB; for ``.jsonl`` the limit applies to each line)
and an article over :data:`MAX_TEXT_CHARS` characters are rejected. Text that is not UTF-8 is
decoded as cp1252/Latin-1, then as whatever charset-normalizer recognises.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Article",
    "ReadError",
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
    "SUFFIXES",
    "decode_bytes",
    "iter_articles",
    "read_file",
]

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")

_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")


@dataclass(frozen=True)
class Article:
    """One news article: its text (title first) and the metadata its file gives."""

    text: str
    title: str
    origin: str
    source: str | None = None
    url: str | None = None
    date: dt.date | None = None
    content_hash: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.content_hash:
            digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
            object.__setattr__(self, "content_hash", digest)


@dataclass(frozen=True)
class ReadError:
    """A file (or a line of a ``.jsonl`` file) that cannot be used, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    """Yield an :class:`Article` or a :class:`ReadError` for every file under ``paths``.

    Folders are walked recursively in name order, keeping files with a supported suffix.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    yield from read_file(child)
        elif path.is_file():
            yield from read_file(path)
        elif not path.exists():
            yield ReadError(str(path), "no such file or folder")
        else:
            yield ReadError(str(path), "not a regular file")


def read_file(path: Path) -> Iterator[Article | ReadError]:
    """Read one file; never raises for a bad file, yields a :class:`ReadError` instead."""
    suffix = path.suffix.lower()
    origin = str(path)
    if suffix not in SUFFIXES:
        yield ReadError(
            origin, f"unsupported file type {suffix or '(none)'!r}; use " + ", ".join(SUFFIXES)
        )
        return
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(path)
            return
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield ReadError(
                origin, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit"
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    text = decode_bytes(data)
    if isinstance(text, ReadError):
        yield ReadError(origin, text.reason)
        return
    if suffix in (".html", ".htm"):
        yield _html_article(text, origin, path.name)
    else:
        yield _text_article(text, origin, path.name)


def decode_bytes(data: bytes) -> str | ReadError:
    """Decode file bytes to text, or say why they are not text.

    >>> decode_bytes("café".encode("cp1252"))
    'café'
    >>> decode_bytes(b"\\x00\\x01\\x02binary")
    ReadError(origin='', reason='binary file, not text')
    """
    if not data.strip():
        return ReadError("", "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return ReadError("", "undecodable: broken UTF-16 text")
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:8192]:
        return ReadError("", "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.chaos < 0.2 and _looks_like_text(str(best)):
        return str(best)
    return ReadError(
        "", "undecodable: not UTF-8, cp1252 or another encoding that can be recognised"
    )


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control <= len(sample) * 0.01


def _date_from_name(name: str) -> dt.date | None:
    match = _DATE_IN_NAME.search(name)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_date(value: object) -> dt.date | None:
    """Parse a date given as metadata (ISO or free text) with dateparser; ``None`` if unparseable.

    >>> parse_date("2020-11-10T08:00:00Z")
    datetime.date(2020, 11, 10)
    >>> parse_date("11-Nov-2020")
    datetime.date(2020, 11, 11)
    """
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def _finish(article: Article) -> Article | ReadError:
    if not article.text.strip():
        return ReadError(article.origin, "no article text")
    if len(article.text) > MAX_TEXT_CHARS:
        return ReadError(
            article.origin,
            f"text is {len(article.text):,} characters, over the {MAX_TEXT_CHARS:,} limit",
        )
    return article


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_DATELINE = re.compile(r"^(?:updated|published|posted)?[\s:]*(.{6,40})$", re.I)


def _text_article(text: str, origin: str, name: str) -> Article | ReadError:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end() :]
    lines = text.strip("\n").split("\n")
    title = meta.get("title") or lines[0].strip().lstrip("#").strip()
    if not title and not "".join(lines).strip():
        return ReadError(origin, "empty file")
    body = "\n".join(lines) if meta.get("title") else "\n".join([title, *lines[1:]])
    date = parse_date(meta.get("date")) or _date_from_name(name) or _dateline(lines[1:4])
    return _finish(
        Article(
            text=body.strip(),
            title=title or body.strip().split("\n", 1)[0][:120],
            origin=origin,
            source=meta.get("source"),
            url=meta.get("url"),
            date=date,
        )
    )


def _dateline(lines: list[str]) -> dt.date | None:
    """A short 'Updated 11:17, 11-Nov-2020' line just under the title gives the date."""
    for line in lines:
        line = line.strip()
        if not line or len(line) > 48 or not any(ch.isdigit() for ch in line):
            continue
        match = _DATELINE.match(line)
        if match and re.search(r"\b(19|20)\d\d\b", line):
            candidate = re.sub(r"\b\d{1,2}:\d{2}\b,?", "", match.group(1)).strip(" ,")
            date = parse_date(candidate)
            if date:
                return date
    return None


def _html_article(html: str, origin: str, name: str) -> Article | ReadError:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        return ReadError(origin, "no article text found in the HTML")
    title = (getattr(doc, "title", None) or "").strip() or body.split("\n", 1)[0][:120]
    text = body if body.startswith(title) else f"{title}\n\n{body}"
    return _finish(
        Article(
            text=text,
            title=title,
            origin=origin,
            source=getattr(doc, "sitename", None) or None,
            url=getattr(doc, "url", None) or None,
            date=parse_date(getattr(doc, "date", None)) or _date_from_name(name),
        )
    )


def _read_jsonl(path: Path) -> Iterator[Article | ReadError]:
    origin = str(path)
    if path.stat().st_size == 0:
        yield ReadError(origin, "empty file")
        return
    with path.open("rb") as handle:
        seen_any = False
        for number, raw in enumerate(handle, start=1):
            where = f"{origin}:{number}"
            if not raw.strip():
                continue
            seen_any = True
            if len(raw) > MAX_FILE_BYTES:
                yield ReadError(where, f"line is over the {MAX_FILE_BYTES:,}-byte limit")
                continue
            decoded = decode_bytes(raw)
            if isinstance(decoded, ReadError):
                yield ReadError(where, decoded.reason)
                continue
            try:
                record = json.loads(decoded)
            except json.JSONDecodeError as exc:
                yield ReadError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield ReadError(where, 'each line must be a JSON object with a "text" string')
                continue
            text = record["text"].replace("\r\n", "\n").strip()
            title = str(record.get("title") or "").strip()
            if title and not text.startswith(title):
                text = f"{title}\n\n{text}"
            yield _finish(
                Article(
                    text=text,
                    title=title or text.split("\n", 1)[0][:120],
                    origin=where,
                    source=_opt_str(record.get("source")),
                    url=_opt_str(record.get("url")),
                    date=parse_date(record.get("date")),
                )
            )
        if not seen_any:
            yield ReadError(origin, "empty file")


def _opt_str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
