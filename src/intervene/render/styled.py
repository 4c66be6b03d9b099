"""Styled text without rich: spans of text with a style, their width in terminal cells, word
wrapping that never breaks a word, and a painter that writes them plain or with ANSI codes.

Every table and the status card are laid out here as lines of spans and then painted: plain
for a pipe, coloured for a terminal. Drawing is a few string operations a cell, so a table of
twenty thousand rows prints as fast as SQLite finds them, and nothing here imports rich.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache

from intervene.visible import visible

# A run of text and its style: words from STYLE_CODES ("bold red").
Span = tuple[str, str]
Line = list[Span]

STYLE_CODES = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
GRADE_STYLES = {
    "outstanding": "bold green",
    "good": "green",
    "adequate": "yellow",
    "requires improvement": "yellow",
    "inadequate": "bold red",
}


def grade_style(word: str | None) -> str:
    return GRADE_STYLES.get(word or "", "")


def days_span(days: int | None, *, past: str, future: str, alarm: bool = False) -> Span:
    """`84 days left` / `12 days overdue`: the sign tells which. Only a past that is a failure
    (`alarm`: a deadline missed) is drawn as an alarm; a contract that simply ended is quiet."""
    if days is None:
        return ("", "")
    if days < 0:
        return (f"{-days:,} days {past}", "bold red" if alarm else "dim")
    return (f"{days:,} days {future}", "yellow" if days <= 90 else "")


@lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    import unicodedata

    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in "WF" else 1
    return width


def width_of(text: str) -> int:
    """The columns `text` takes on a terminal (wide characters two, combining marks none)."""
    return len(text) if text.isascii() else _wide_width(text)


def line_width(line: Line) -> int:
    return sum(width_of(text) for text, _ in line)


def plain(line: Line) -> str:
    return "".join(text for text, _ in line)


_WORD = re.compile(r"\S+")
_URL = re.compile(r"https?://[^\s<>\x1b]+")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Where `text` breaks into lines of at most `width` columns: breaks fall between words only,
    so a word wider than `width` stands whole on a line of its own, never cut."""
    if width_of(text) <= width and "\n" not in text:
        return [(0, len(text))]
    pieces: list[tuple[int, int]] = []
    for paragraph in _paragraphs(text):
        start = end = None
        used = 0
        for match in _WORD.finditer(text, *paragraph):
            size = width_of(match.group())
            if start is None:
                start, end, used = match.start(), match.end(), size
            elif used + 1 + size <= width:
                end, used = match.end(), used + 1 + size
            else:
                pieces.append((start, end))  # type: ignore[arg-type]
                start, end, used = match.start(), match.end(), size
        pieces.append((start, end) if start is not None else (paragraph[0], paragraph[0]))  # type: ignore[arg-type]
    return pieces


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for index, character in enumerate(text):
        if character == "\n":
            yield (start, index)
            start = index + 1
    yield (start, len(text))


def wrap(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap_offsets(text, width)]


def wrap_line(line: Line, width: int) -> list[Line]:
    """A line of spans wrapped at words to `width`, each span keeping its style."""
    if len(line) == 1:
        text, style = line[0]
        return [[(piece, style)] for piece in wrap(text, width)]
    whole = plain(line)
    bounds = []
    position = 0
    for text, style in line:
        bounds.append((position, position + len(text), style))
        position += len(text)
    wrapped = []
    for start, end in wrap_offsets(whole, width):
        wrapped.append(
            [
                (whole[max(start, first) : min(end, last)], style)
                for first, last, style in bounds
                if min(end, last) > max(start, first)
            ]
        )
    return wrapped


class Painter:
    """Writes spans as text: plain, or with ANSI colours and OSC 8 hyperlinks for a terminal.
    Text is made visible first: a control character in a provider's name is shown, not sent."""

    def __init__(self, *, colour: bool, links: bool | None = None):
        self.colour = colour
        self.links = colour if links is None else links

    def span(self, text: str, style: str = "") -> str:
        """Text from anywhere, made visible, then painted."""
        return self.paint(visible(text), style)

    def paint(self, text: str, style: str = "") -> str:
        """Text already made visible, in its style."""
        if not (self.colour or self.links) or not text:
            return text
        if self.colour and style:
            codes = ";".join(STYLE_CODES[word] for word in style.split() if word in STYLE_CODES)
            if codes:
                text = f"\x1b[{codes}m{text}\x1b[0m"
        if self.links and "://" in text:
            # Each web address a link (OSC 8): a terminal that knows them makes it clickable
            # even where the address is longer than the screen; others show the text alone.
            text = _URL.sub(lambda match: f"\x1b]8;;{match.group()}\x1b\\{match.group()}\x1b]8;;\x1b\\", text)
        return text

    def line(self, line: Line) -> str:
        return "".join(self.span(text, style) for text, style in line).rstrip()


def terminal_colour(stream) -> bool:
    """Whether to colour what goes to `stream`: at a terminal, unless NO_COLOR is set or the
    terminal is dumb; FORCE_COLOR colours even a pipe (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return os.environ.get("TERM") != "dumb" and is_terminal(stream)


def is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(default: int = 80) -> int:
    """COLUMNS when it is a whole number, else the terminal's width, else `default`."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    return terminal_size(default, 24)[0]


def terminal_size(columns: int, lines: int) -> tuple[int, int]:
    """The terminal's columns and lines, else the defaults given (as shutil.get_terminal_size,
    without loading shutil on every read)."""
    import sys

    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return columns, lines
    return size.columns or columns, size.lines or lines
