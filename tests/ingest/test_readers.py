"""Reading files: every supported format, metadata, and a one-line reason for every bad file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ingest.readers import MAX_FILE_BYTES, Article, ReadError, iter_articles, read_file


def _read(path):
    return list(iter_articles([path]))


def test_txt_first_line_is_title_and_date_comes_from_file_name(tmp_path):
    path = tmp_path / "2020-11-10-truce.txt"
    path.write_text("Truce signed\n\nArmenia and Azerbaijan signed a truce.\n", encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.title == "Truce signed"
    assert article.text.startswith("Truce signed\n")
    assert article.date == dt.date(2020, 11, 10)
    assert len(article.content_hash) == 64


def test_markdown_front_matter_gives_metadata(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Deal reached\ndate: 2015-07-14\nsource: Example Wire\nurl: https://example.org/a\n"
        "---\n# Deal reached\n\nIran and six powers reached a deal in Vienna.\n",
        encoding="utf-8",
    )
    [article] = _read(path)
    assert (article.title, article.date, article.source, article.url) == (
        "Deal reached",
        dt.date(2015, 7, 14),
        "Example Wire",
        "https://example.org/a",
    )
    assert "Vienna" in article.text


def test_dateline_under_the_title(tmp_path):
    path = tmp_path / "cgtn.txt"
    path.write_text("Troops deployed\nUpdated 11:17, 11-Nov-2020\nCGTN\n\nRussia deployed troops.")
    [article] = _read(path)
    assert article.date == dt.date(2020, 11, 11)


def test_html_keeps_article_text_and_drops_script_and_navigation(tmp_path):
    path = tmp_path / "page.html"
    body = " ".join(["Russian peacekeepers arrived in Stepanakert on Wednesday."] * 6)
    path.write_text(
        "<html><head><title>Peacekeepers arrive</title><script>var tracker = 1;</script>"
        "<style>.x{color:red}</style></head><body><nav><a href='/'>Home</a> | <a>World</a></nav>"
        f"<article><h1>Peacekeepers arrive</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Cookie settings</footer></body></html>",
        encoding="utf-8",
    )
    [article] = _read(path)
    assert isinstance(article, Article), article
    assert article.title == "Peacekeepers arrive"
    assert "Stepanakert" in article.text
    for unwanted in ("tracker", "color:red", "Cookie settings", "Home |"):
        assert unwanted not in article.text


def test_jsonl_bad_line_fails_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = {"title": "A", "text": "Turkey backed Azerbaijan.", "date": "2020-10-01", "source": "W"}
    path.write_text(
        json.dumps(good)
        + "\n{not json\n"
        + json.dumps({"title": "no text"})
        + "\n"
        + json.dumps({"text": "Russia signed the deal.", "url": "https://example.org/b"})
        + "\n",
        encoding="utf-8",
    )
    items = _read(path)
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [a.date for a in articles] == [dt.date(2020, 10, 1), None]
    assert articles[0].source == "W" and articles[1].url == "https://example.org/b"
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["2", "3"]
    assert "invalid JSON" in errors[0].reason
    assert '"text"' in errors[1].reason


def test_cp1252_text_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café talks\n\nThe “deal” was signed in Genève.".encode("cp1252"))
    [article] = _read(path)
    assert isinstance(article, Article)
    assert "“deal”" in article.text and "Genève" in article.text


@pytest.mark.parametrize(
    "name, payload, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("nul.md", b"title\x00\x00\x00body", "binary file"),
        ("doc.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("empty.jsonl", b"", "empty file"),
    ],
)
def test_bad_files_get_one_line_reasons(tmp_path, name, payload, reason):
    path = tmp_path / name
    path.write_bytes(payload)
    [error] = list(read_file(path))
    assert isinstance(error, ReadError)
    assert error.origin == str(path)
    assert reason in error.reason
    assert "\n" not in str(error)


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
        handle.seek(0)
        handle.write(b"Title\n")
    [error] = list(read_file(path))
    assert "over the" in error.reason and "limit" in error.reason


def test_missing_path_and_folder_walk(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B\n\nText b.")
    (tmp_path / "a.txt").write_text("A\n\nText a.")
    (tmp_path / "notes.csv").write_text("x,y")
    items = list(iter_articles([tmp_path, tmp_path / "missing.txt"]))
    assert [i.title for i in items if isinstance(i, Article)] == ["A", "B"]
    [error] = [i for i in items if isinstance(i, ReadError)]
    assert error.reason == "no such file or folder"
