"""Where a command's lines go and how they are laid out: for a terminal (fitted to its width, in
colour, through a pager when taller than the screen) or for a pipe (plain aligned text,
streamed, nothing trailing), as git and gh behave. `--table` asks for the terminal's layout
anywhere; `--no-pager`, PAGER=cat or a pipe keep the pager away.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from intervene.render.styled import Painter, is_terminal, terminal_colour, terminal_size, terminal_width, wrap

if TYPE_CHECKING:
    from intervene.render.grid import Field

DEFAULT_PAGER = "less -FRX"


class Layout:
    """How lines are laid out for where they go: `terminal` fits them to `width` and may colour
    them; otherwise they are plain."""

    def __init__(self, *, terminal: bool, width: int = 80, colour: bool = False):
        self.terminal = terminal
        self.width = width
        self.painter = Painter(colour=colour)
        # Set when --limit cut the rows: (shown, of how many), for the count line.
        self.cut: tuple[int, int] | None = None

    @classmethod
    def for_stdout(cls, output: str) -> Layout:
        """The layout `output` ("table" forces the terminal's) asks for, on standard output."""
        terminal = output == "table" or is_terminal(sys.stdout)
        return cls(terminal=terminal, width=terminal_width() if terminal else 0, colour=terminal_colour(sys.stdout))

    def paint(self, text: str, style: str = "") -> str:
        return self.painter.span(text, style)

    def prose(self, text: str, style: str = "") -> Iterator[str]:
        """A paragraph, wrapped between words at a terminal, one line in a pipe."""
        pieces = wrap(text, self.width) if self.terminal else [text]
        return (self.paint(piece, style) for piece in pieces)

    def table(self, title: str, fields: Sequence[Field], rows: Sequence[dict], count: str) -> Iterator[str]:
        """A titled table with its count line beneath at a terminal; piped, the rows alone under
        their headings, so that every line but the first is a row. (The grid is loaded here: the
        status card, which shares this layout, needs none.)"""
        from intervene.render.grid import plain_lines, terminal_lines

        if not self.terminal:
            yield from plain_lines(fields, rows)
            return
        if title:
            yield from self.prose(title, "bold")
        yield from terminal_lines(fields, rows, width=self.width, painter=self.painter)
        if count:
            if self.cut:
                shown, total = self.cut
                count = f"{count}; the first {shown:,} of {total:,} (--limit)"
            yield ""
            yield self.paint(count, "dim")


def write_lines(lines: Iterable[str], *, layout: Layout, page: bool = True) -> None:
    """Print the lines: at a terminal, through the pager when they are taller than the screen;
    elsewhere, streamed as they are made."""
    if layout.terminal and page and _pager_allowed():
        held = list(lines)
        if len(held) >= _screen_height() and _page("\n".join(held) + "\n"):
            return
        lines = held
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= 512:
            sys.stdout.write("\n".join(batch) + "\n")
            batch = []
    if batch:
        sys.stdout.write("\n".join(batch) + "\n")


def _pager_allowed() -> bool:
    import click

    context = click.get_current_context(silent=True)
    settings = context.find_root().obj if context else None
    if getattr(settings, "no_pager", False):
        return False
    return is_terminal(sys.stdout) and is_terminal(sys.stdin)


def _screen_height() -> int:
    return terminal_size(80, 24)[1]


def _page(text: str) -> bool:
    """Show `text` through $PAGER (default `less -FRX`); False when there is no pager to run."""
    import shlex
    import subprocess

    command = os.environ.get("INTERVENE_PAGER") or os.environ.get("PAGER") or DEFAULT_PAGER
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    if not words or words == ["cat"]:
        return False
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave the screen as it was
    try:
        pager = subprocess.Popen(words, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        pager.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager before the end: not an error
    while True:
        try:
            pager.wait()
            return True
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager (less uses it to stop a search)
