"""The README's command reference, generated from the commands' own ``--help``.

``python -m newskg.readme`` rewrites the part of README.md between the COMMANDS markers;
``tests/newskg/test_readme.py`` fails when the README and ``--help`` disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newskg.cli import cli

__all__ = ["command_reference", "update_readme", "START", "END"]

START = "<!-- COMMANDS:START -->"
END = "<!-- COMMANDS:END -->"
README = Path(__file__).resolve().parents[1] / "README.md"


def _walk(group: click.Group, prefix: tuple[str, ...] = ()):
    for name in sorted(group.commands):
        command = group.commands[name]
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _walk(command, (*prefix, name))


def command_reference() -> str:
    """Markdown with the ``--help`` text of every command, in name order."""
    intro = "Generated from `--help` by `python -m newskg.readme`."
    parts = ["## Command reference", "", intro, ""]
    # Each command's context hangs off the group's, as when run, so it inherits `-h`.
    root = cli.make_context("newskg", ["--help"], resilient_parsing=True)
    root.terminal_width = root.max_content_width = 88
    for path, command in _walk(cli):
        name = " ".join(("newskg", *path))
        with click.Context(command, info_name=name, parent=root) as ctx:
            text = command.get_help(ctx)
        parts += [f"### `{name}`", "", "```", text.rstrip(), "```", ""]
    return "\n".join(parts).rstrip() + "\n"


def update_readme(path: Path = README) -> bool:
    """Rewrite the command reference in ``path``; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = f"{head}{START}\n{command_reference()}{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":
    changed = update_readme()
    print("README.md updated" if changed else "README.md already up to date")
    sys.exit(0)
