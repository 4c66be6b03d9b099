"""The one place a command's answer is written: rows as a rich table, JSON or CSV; a
stored row echoed as one line. rich is imported only when a table is drawn.

Standard output is guarded while a command runs (`guard_stdout`): whatever writes to it
(click, rich, a prompt), a write it refuses (a full disk, a closed pipe, a character the
terminal's encoding cannot show) becomes one `OutputError`, which `cli` turns into one line
and a non-zero exit, rather than a traceback or an answer silently cut short.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from intervene.reports.runner import Report


def echo_json(data: object) -> None:
    """Machine-readable output: never through rich, which would wrap long lines."""
    from intervene.render.formats import to_json

    click.echo(to_json(data))


def emit(
    rows: list[dict] | Report, output: str, *, title: str, empty: str, table: Callable[[list[dict], str], object]
) -> None:
    """Rows (or a report's query, run here) as JSON, CSV or the table `table` draws; an
    empty table is one line. A report's JSON is written by SQLite, without Python dicts."""
    if not isinstance(rows, list):
        if output == "json":
            from intervene.render.formats import json_array

            click.echo(json_array(rows.json_lines()))
            return
        rows = rows.rows()
    if output == "json":
        echo_json(rows)
    elif output == "csv":
        from intervene.render.formats import to_csv

        click.echo(to_csv(rows), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        draw(table(rows, title))


def draw(renderable: object) -> None:
    """Print a rich object (a card, a table) on the terminal's console."""
    from intervene.render.styles import console

    _ignore_unusable_columns()
    console().print(renderable)


def _ignore_unusable_columns() -> None:
    """COLUMNS of 0, or anything but a whole number of columns, is treated as unset (rich
    would draw at width 0, that is nothing at all); rich then asks the terminal, else uses 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and not (columns.isascii() and columns.isdigit() and int(columns) > 0):
        del os.environ["COLUMNS"]


def print_recorded(row: dict, table: str, council: str | None, output: str, verb: str = "Recorded") -> None:
    """What a write stored: its row as JSON, or one line (`Recorded rating 12: …`)."""
    if output == "json":
        echo_json(row)
        return
    from intervene.render.lines import BY_TABLE
    from intervene.visible import visible

    click.echo(visible(f"{verb} {BY_TABLE[table](row, council or '')}"))


def table_named(name: str) -> Callable[[list[dict], str], object]:
    """The table that draws the list called `name` (see render.tables.BY_NAME), loaded only
    if a table is drawn."""

    def draw_table(rows: list[dict], title: str) -> object:
        from intervene.render.tables import BY_NAME

        return BY_NAME[name](rows, title)

    return draw_table


class OutputError(Exception):
    """Standard output refused the answer; the message is one line for the user. `closed`
    when the reader went away (`intervene … | head`), which is no fault to report."""

    def __init__(self, message: str, *, closed: bool = False):
        super().__init__(message)
        self.closed = closed


class _GuardedRaw(io.RawIOBase):
    """The file under standard output, its write errors made `OutputError`. After the first,
    what is still buffered is dropped, so that no later flush (at exit) fails again."""

    def __init__(self, raw):
        super().__init__()
        self._raw = raw
        self._failed = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        if self._failed:
            return len(data)
        try:
            return self._raw.write(data)
        except OSError as error:
            import errno

            self._failed = True
            if error.errno == errno.EPIPE:
                raise OutputError("the reader of standard output has gone", closed=True) from None
            raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None

    def fileno(self) -> int:
        return self._raw.fileno()

    def isatty(self) -> bool:
        return self._raw.isatty()


class _GuardedText(io.TextIOWrapper):
    """Standard output's text: each write flushed at once, so that a refusal is met where it
    happens, and a character the encoding cannot carry made an `OutputError`."""

    def write(self, text: str) -> int:
        try:
            written = super().write(text)
        except UnicodeEncodeError as error:
            raise OutputError(_unencodable(error, self.encoding)) from None
        self.flush()
        return written


def _unencodable(error: UnicodeEncodeError, encoding: str) -> str:
    character = error.object[error.start : error.end][:1]
    if "\ud800" <= character <= "\udfff":
        # Not a character at all (a byte of a file name or argument that was not UTF-8).
        return f"cannot write to standard output: {character!r} is not valid Unicode"
    return (
        f"the terminal's encoding ({encoding}) cannot show {character!r} (U+{ord(character):04X}); "
        "set PYTHONIOENCODING=utf-8"
    )


def guard_stdout() -> Callable[[], None]:
    """Route `sys.stdout` through the guard until the returned function puts it back.

    The guard writes to the same file through its own buffer, which also finishes a write the
    system took only part of (unbuffered, Python would drop the rest without a word).
    """
    original = sys.stdout
    buffer = getattr(original, "buffer", None)
    if buffer is None:
        return lambda: None
    original.flush()
    guarded = _GuardedText(
        io.BufferedWriter(_GuardedRaw(getattr(buffer, "raw", buffer))),
        encoding=original.encoding,
        errors=original.errors,
        write_through=True,
    )
    sys.stdout = guarded

    def restore() -> None:
        if sys.stdout is guarded:
            sys.stdout = original

    return restore
