"""Everything out: every table as one JSON document or one CSV file each, and a calendar of dates that fall due.

Each is written as it is read, a batch of rows at a time, so that a database of millions of
rows is exported in the memory of one batch: SQLite writes each row's JSON text itself (no
row becomes a Python dict), and the pieces go to standard output or a staged file as they come.
All of an export is read in one transaction, so its tables agree with each other even while
another process writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from datetime import UTC
from pathlib import Path

from intervene.errors import InterveneError

# In dependency order, so a reader can load them back in this order.
EXPORTED_TABLES = (
    "authorities",
    "aliases",
    "successions",
    "ratings",
    "interventions",
    "contracts",
    "contract_partners",
    "events",
    "changes",
)
# Rows read and written at a time: enough to make each write large, few enough to keep memory flat.
BATCH = 1000


@contextlib.contextmanager
def snapshot(connection: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every table as it stood when the export began."""
    connection.execute("BEGIN")
    try:
        yield
    finally:
        connection.rollback()


def json_document(connection: sqlite3.Connection) -> Iterator[bytes]:
    """Every row of every table, with the schema they fit, as the pieces of one JSON document in
    UTF-8: the text `json.dumps(document, indent=2, ensure_ascii=False)` makes, and a newline.
    SQLite's text comes as bytes and is written as it came, never decoded and encoded again."""
    import json

    from intervene import __version__
    from intervene.migrations import MIGRATION_NAMES

    head = json.dumps({"intervene_version": __version__, "schema": list(MIGRATION_NAMES)}, indent=2, ensure_ascii=False)
    yield head.removesuffix("\n}").encode("utf-8")
    _write_reals_as_python(connection)
    for table in EXPORTED_TABLES:
        yield f',\n  "{table}": '.encode()
        opened = False
        for batch in _json_batches(
            connection, table, f"SELECT CAST({_json_object(connection, table)} AS BLOB) FROM {table} ORDER BY rowid"
        ):
            yield (b",\n" if opened else b"[\n") + b",\n".join(batch)
            opened = True
        yield b"\n  ]" if opened else b"[]"
    yield b"\n}\n"


def _json_object(connection: sqlite3.Connection, table: str) -> str:
    """The SQL expression of a row of `table` as an indented JSON object, one name a line, in the
    order of `SELECT *`. Names come from the schema, each a quoted literal, never text from a user."""
    import json

    # table_xinfo, unlike table_info, lists generated columns, which `SELECT *` includes.
    declared_types = {column[1]: column[2].upper() for column in connection.execute(f"PRAGMA table_xinfo({table})")}
    names = _column_names(connection, table)
    parts = []
    for number, name in enumerate(names):
        declared = declared_types[name]
        key = ("    {\n" if number == 0 else ",\n") + f"      {json.dumps(name, ensure_ascii=False)}: "
        quoted = _quoted(name)
        value = f"json_quote({quoted})"
        if not any(kind in declared for kind in ("CHAR", "CLOB", "TEXT")) or "INT" in declared:
            # Only a column without text affinity can hold a real: SQLite stores one put in a text column as text.
            value = f"CASE typeof({quoted}) WHEN 'real' THEN intervene_json_real({quoted}) ELSE {value} END"
        parts.append(f"{_literal(key)} || {value}")
    return " || ".join(parts) + " || " + _literal("\n    }")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _plain(connection: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
    """A cursor over `sql` whose rows are plain tuples (sqlite3.Row costs more and is not needed)."""
    cursor = connection.cursor()
    cursor.row_factory = None
    return cursor.execute(sql)


def write_csv_folder(connection: sqlite3.Connection, folder: Path, *, tabs: bool = False) -> list[Path]:
    """One formula-safe CSV file (or with `tabs`, TSV) per table in `folder` (made if missing);
    returns the files written. Each is staged beside its place and none is put in place until
    all are written."""
    kind = "TSV" if tabs else "CSV"
    if folder.exists() and not folder.is_dir():
        raise InterveneError(f"{folder} is a file; give a folder for the {kind} files")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InterveneError(f"cannot make the folder {folder}: {error.strerror or error}") from None
    with _Staging() as staging:
        for table in EXPORTED_TABLES:
            staging.write(folder / f"{table}.{kind.lower()}", _delimited_pieces(connection, table, tabs=tabs))
    return staging.placed


def _delimited_pieces(connection: sqlite3.Connection, table: str, *, tabs: bool) -> Iterator[bytes]:
    """`table` as a CSV (or TSV) file, written by the reports' own writer, a batch of rows a piece."""
    from intervene.render.formats import delimited

    cursor = _plain(connection, f"SELECT * FROM {table} ORDER BY rowid")
    names = [column[0] for column in cursor.description]
    for piece in delimited(cursor, names, tabs=tabs):
        yield piece.encode("utf-8")


def json_lines(connection: sqlite3.Connection) -> Iterator[bytes]:
    """Every row of every table as one compact JSON object a line, its table named first
    (`{"table":"ratings","id":1,…}`): JSON Lines, for tools that read a row at a time."""

    _write_reals_as_python(connection)
    for table in EXPORTED_TABLES:
        names = _column_names(connection, table)
        pairs = ", ".join(f"{_literal(name)}, {_json_value(_quoted(name))}" for name in names)
        sql = f"SELECT CAST(json_object('table', {_literal(table)}, {pairs}) AS BLOB) FROM {table} ORDER BY rowid"
        for batch in _json_batches(connection, table, sql):
            yield b"\n".join(batch) + b"\n"


def _json_batches(connection: sqlite3.Connection, table: str, sql: str) -> Iterator[list[bytes]]:
    """The rows SQLite writes as JSON for `sql`, a batch at a time; a BLOB is one clear error."""
    try:
        cursor = _plain(connection, sql)
        while batch := cursor.fetchmany(BATCH):
            yield [text for (text,) in batch]
    except sqlite3.OperationalError as error:
        if "BLOB" not in str(error):
            raise
        raise InterveneError(
            f"{table} holds binary data (a BLOB), which JSON cannot carry; `export --csv` writes it as text"
        ) from None


def _write_reals_as_python(connection: sqlite3.Connection) -> None:
    """intervene_json_real(x): a real as Python's shortest exact form, which SQLite's fifteen
    digits would lose (0.1 + 0.2 as 0.3)."""
    import json

    connection.create_function("intervene_json_real", 1, json.dumps, deterministic=True)


def _json_value(column: str) -> str:
    """A column's value for json_object: a real as Python writes it (see json_document)."""
    return f"CASE typeof({column}) WHEN 'real' THEN json(intervene_json_real({column})) ELSE {column} END"


def _column_names(connection: sqlite3.Connection, table: str) -> list[str]:
    """The columns `SELECT *` gives for `table` (one of EXPORTED_TABLES), in its order."""
    return [column[0] for column in connection.execute(f"SELECT * FROM {table} LIMIT 0").description]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_file(path: Path, pieces: Iterable[bytes]) -> None:
    """`pieces` in `path`, whole or not at all: a failure (a full disk) leaves what was there."""
    with _Staging() as staging:
        staging.write(path, pieces)


class _Staging:
    """Files written in full (a piece at a time) to temporary files beside their places, then renamed into place
    together when every one is written; on any failure, the temporary files are removed and
    nothing is replaced. A path that is not a regular file (/dev/stdout, a pipe, a device)
    is written to directly: renaming over it would replace it, and there is nothing to tear.
    Write errors become an InterveneError naming the path as given."""

    def __init__(self) -> None:
        self.staged: list[tuple[str, str, Path]] = []  # temporary file, its place, the path as given
        self.placed: list[Path] = []

    def __enter__(self) -> _Staging:
        return self

    def write(self, path: Path, pieces: Iterable[bytes]) -> None:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise InterveneError(f"cannot write {path}: {error.strerror or error}") from None
        if mode is not None and not stat.S_ISREG(mode):
            try:
                with open(path, "wb") as handle:
                    handle.writelines(pieces)
            except BrokenPipeError:
                from intervene.render.output import OutputError

                raise OutputError(f"the reader of {path} has gone", closed=True) from None
            except OSError as error:
                raise InterveneError(f"cannot write {path}: {error.strerror or error}") from None
            self.placed.append(path)
            return
        if mode is not None and not os.access(path, os.W_OK):
            # Renaming would replace a file its owner made read-only; writing it would fail.
            raise InterveneError(f"cannot write {path}: Permission denied")
        target = os.path.realpath(path)  # through a symbolic link, so the link stays
        folder, name = os.path.split(target)
        temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        try:
            _remove(temporary)  # left by a run of the same process id that was killed
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as error:
            raise InterveneError(f"cannot write {path}: {error.strerror or error}") from None
        self.staged.append((temporary, target, path))
        try:
            with open(descriptor, "wb") as handle:
                if mode is not None:
                    os.chmod(descriptor, stat.S_IMODE(mode))  # as the file it replaces
                handle.writelines(pieces)
                handle.flush()
                os.fsync(descriptor)
        except OSError as error:
            raise InterveneError(f"cannot write {path}: {error.strerror or error}") from None

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                while self.staged:
                    temporary, target, path = self.staged[0]
                    try:
                        os.replace(temporary, target)
                    except OSError as failure:
                        raise InterveneError(f"cannot write {path}: {failure.strerror or failure}") from None
                    self.staged.pop(0)
                    self.placed.append(path)
        finally:
            for temporary, _, _ in self.staged:
                _remove(temporary)
            self.staged.clear()


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


class CalendarFeed:
    """An iCalendar file, in pieces: every intervention deadline and every contract's last day,
    as all-day events, each written as it is read. `events` counts those written so far."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.events = 0

    def __iter__(self) -> Iterator[bytes]:
        from datetime import datetime

        from icalendar import Calendar, Event

        from intervene import __version__
        from intervene.dates import display_date, last_day

        feed = Calendar()
        feed.add("prodid", f"-//intervene {__version__}//children's services intervention//EN")
        feed.add("version", "2.0")
        feed.add("x-wr-calname", "intervene: deadlines and contract ends")
        # The calendar's own lines come first and its END last; its events go between, as written.
        end = b"END:VCALENDAR\r\n"
        yield feed.to_ical().removesuffix(end)

        stamp = datetime.now(UTC).replace(microsecond=0)

        def event(uid: str, on: str, summary: str, description: str) -> bytes:
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", last_day(on))
            event.add("summary", summary)
            if len(on) < 10:
                description = (
                    f"Only the {'month' if len(on) == 7 else 'year'} is known: {display_date(on)}.\n{description}"
                )
            event.add("description", description)
            self.events += 1
            return event.to_ical()

        deadlines = self.connection.execute(
            "SELECT i.id, i.kind, i.deadline_on, i.summary, i.source, a.short_name FROM interventions i"
            " JOIN authorities a ON a.id = i.authority_id WHERE i.deadline_on IS NOT NULL ORDER BY i.deadline_on, i.id"
        )
        for row in deadlines:
            yield event(
                f"intervention-{row['id']}-deadline@intervene",
                row["deadline_on"],
                f"{row['short_name']}: deadline of the {row['kind']}",
                "\n".join(
                    part for part in (row["summary"], f"Source: {row['source']}" if row["source"] else None) if part
                ),
            )
        ends = self.connection.execute(
            "SELECT c.id, c.provider, coalesce(c.ended_on, c.ends_on) AS last, c.source, a.short_name FROM contracts c"
            " JOIN authorities a ON a.id = c.authority_id WHERE coalesce(c.ended_on, c.ends_on) IS NOT "
            "NULL ORDER BY last, c.id"
        )
        for row in ends:
            yield event(
                f"contract-{row['id']}-end@intervene",
                row["last"],
                f"{row['short_name']}: last day of the {row['provider']} contract",
                f"Source: {row['source']}" if row["source"] else "",
            )
        yield end
