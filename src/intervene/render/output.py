"""The one place a command's answer is written: rows as a table (render.layout), JSON, JSON
lines, CSV or TSV, shaped by --sort, --reverse and --limit; a stored row echoed as one line.

Standard output is guarded while a command runs (`guard_stdout`): whatever writes to it
(click, rich, a prompt), a write it refuses (a full disk, a closed pipe, a character the
terminal's encoding cannot show) becomes one `OutputError`, which `cli` turns into one line
and a non-zero exit, rather than a traceback or an answer silently cut short.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import click

if TYPE_CHECKING:
    from intervene.render.layout import Layout
    from intervene.reports.runner import Report


def echo_json(data: object) -> None:
    """Machine-readable output: never through rich, which would wrap long lines."""
    from intervene.render.formats import to_json

    click.echo(to_json(data))


class Shape(NamedTuple):
    """How rows are cut and ordered before they are shown: --sort FIELD, --reverse, --limit N."""

    limit: int | None = None
    sort: str | None = None
    reverse: bool = False

    def check(self, fields: Iterable[str]) -> None:
        """A --sort naming no field of these rows is a usage error that lists the fields."""
        fields = list(fields)
        if self.sort is not None and self.sort not in fields:
            raise click.UsageError(f"--sort {self.sort!r} is not a field here; use one of {', '.join(fields)}.")

    def apply(self, rows: list[dict]) -> list[dict]:
        if self.sort:
            key = self.sort
            # Unknown values last either way round; ties keep the report's own order.
            known = [row for row in rows if row.get(key) is not None]
            unknown = [row for row in rows if row.get(key) is None]
            rows = sorted(known, key=lambda row: _sortable(row[key]), reverse=self.reverse) + unknown
        elif self.reverse:
            rows = rows[::-1]
        return rows[: self.limit] if self.limit is not None else rows


def _sortable(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


NO_SHAPE = Shape()


def emit(
    rows: list[dict] | Report,
    output: str,
    *,
    title: str,
    empty: str,
    table: Callable[[list[dict], str, Layout], Iterable[str]],
    columns: Sequence[str] = (),
    shape: Shape = NO_SHAPE,
) -> None:
    """Rows (or a report's query, run here) as JSON, JSON lines, CSV, TSV or the table `table`
    lays out; an empty table is one line. A report's JSON is written by SQLite, without dicts."""
    if not isinstance(rows, list):
        columns = list(rows.columns)
        shape.check(columns)
        if output in ("json", "nl") and not shape.sort and not shape.reverse:
            _write_json_lines(rows.json_lines(limit=shape.limit), output)
            return
        rows = rows.rows()
    else:
        shape.check(columns or (rows[0] if rows else ()))
    total = len(rows)
    rows = shape.apply(rows)
    if output in ("json", "nl"):
        from intervene.render.formats import json_encoder

        _write_json_lines(map(json_encoder(), rows), output)
    elif output in ("csv", "tsv"):
        from intervene.render.formats import delimited

        names = list(columns) or list(rows[0] if rows else ())
        values = ([row.get(name) for name in names] for row in rows)
        for chunk in delimited(values, names, tabs=output == "tsv"):
            sys.stdout.write(chunk)
    else:
        from intervene.render.layout import Layout, write_lines

        layout = Layout.for_stdout(output)
        if not rows:
            click.echo(empty)
            return
        layout.cut = (len(rows), total) if len(rows) < total else None
        write_lines(table(rows, title, layout), layout=layout)


def _write_json_lines(lines: Iterable[str], output: str) -> None:
    """Encoded objects as a JSON array (one a line), or for --nl as JSON Lines."""
    if output == "nl":
        for line in lines:
            sys.stdout.write(line + "\n")
        return
    from intervene.render.formats import json_array

    click.echo(json_array(lines))


def print_recorded(row: dict, table: str, council: str | None, output: str, verb: str = "Recorded") -> None:
    """What a write stored: its row as JSON, or one line (`Recorded rating 12: …`)."""
    if output == "json":
        echo_json(row)
        return
    from intervene.render.lines import BY_TABLE
    from intervene.visible import visible

    click.echo(visible(f"{verb} {BY_TABLE[table](row, council or '')}"))


def table_named(name: str) -> Callable[[list[dict], str, Layout], Iterable[str]]:
    """The table that lays out the list called `name` (see render.tables.BY_NAME), loaded only
    if a table is drawn."""

    def lay_out(rows: list[dict], title: str, layout: Layout) -> Iterable[str]:
        from intervene.render.tables import BY_NAME

        return BY_NAME[name](rows, title, layout)

    return lay_out


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
