"""The README's command reference is the commands' own --help."""

from __future__ import annotations

from newskg.readme import END, README, START, command_reference


def test_readme_command_reference_matches_help():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    current = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert current == command_reference().strip(), "run: python -m newskg.readme"


def test_readme_shows_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
