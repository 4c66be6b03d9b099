"""Everything out: every table as one JSON document or one CSV file each, and a calendar of dates that fall due."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
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


def all_tables(connection: sqlite3.Connection) -> dict:
    """Every row of every table, as plain values, with the schema they fit."""
    from intervene import __version__
    from intervene.migrations import MIGRATION_NAMES

    document: dict = {"intervene_version": __version__, "schema": list(MIGRATION_NAMES)}
    for table in EXPORTED_TABLES:
        document[table] = [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    return document


def write_csv_folder(connection: sqlite3.Connection, folder: Path) -> list[Path]:
    """One formula-safe CSV file per table in `folder` (made if missing); returns the files
    written. Each is staged beside its place and none is put in place until all are written."""
    from intervene.render.formats import to_csv

    if folder.exists() and not folder.is_dir():
        raise InterveneError(f"{folder} is a file; give a folder for the CSV files")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InterveneError(f"cannot make the folder {folder}: {error.strerror or error}") from None
    with _Staging() as staging:
        for table in EXPORTED_TABLES:
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
            columns = [column[0] for column in cursor.description]
            staging.write(folder / f"{table}.csv", to_csv([dict(row) for row in cursor], columns).encode("utf-8"))
    return staging.placed


def write_file(path: Path, data: bytes) -> None:
    """`data` in `path`, whole or not at all: a failure (a full disk) leaves what was there."""
    with _Staging() as staging:
        staging.write(path, data)


class _Staging:
    """Files written in full to temporary files beside their places, then renamed into place
    together when every one is written; on any failure, the temporary files are removed and
    nothing is replaced. A path that is not a regular file (/dev/stdout, a pipe, a device)
    is written to directly: renaming over it would replace it, and there is nothing to tear.
    Write errors become an InterveneError naming the path as given."""

    def __init__(self) -> None:
        self.staged: list[tuple[str, str, Path]] = []  # temporary file, its place, the path as given
        self.placed: list[Path] = []

    def __enter__(self) -> _Staging:
        return self

    def write(self, path: Path, data: bytes) -> None:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise InterveneError(f"cannot write {path}: {error.strerror or error}") from None
        if mode is not None and not stat.S_ISREG(mode):
            try:
                with open(path, "wb") as handle:
                    handle.write(data)
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
                handle.write(data)
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


def calendar(connection: sqlite3.Connection) -> bytes:
    """An iCalendar file: every intervention deadline and every contract's last day, as all-day events."""
    from icalendar import Calendar, Event

    from intervene import __version__
    from intervene.dates import display_date, last_day

    feed = Calendar()
    feed.add("prodid", f"-//intervene {__version__}//children's services intervention//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", "intervene: deadlines and contract ends")

    from datetime import datetime

    stamp = datetime.now(UTC).replace(microsecond=0)

    def add(uid: str, on: str, summary: str, description: str) -> None:
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", last_day(on))
        event.add("summary", summary)
        if len(on) < 10:
            description = f"Only the {'month' if len(on) == 7 else 'year'} is known: {display_date(on)}.\n{description}"
        event.add("description", description)
        feed.add_component(event)

    deadlines = connection.execute(
        "SELECT i.id, i.kind, i.deadline_on, i.summary, i.source, a.short_name FROM interventions i"
        " JOIN authorities a ON a.id = i.authority_id WHERE i.deadline_on IS NOT NULL ORDER BY i.deadline_on, i.id"
    )
    for row in deadlines:
        add(
            f"intervention-{row['id']}-deadline@intervene",
            row["deadline_on"],
            f"{row['short_name']}: deadline of the {row['kind']}",
            "\n".join(part for part in (row["summary"], f"Source: {row['source']}" if row["source"] else None) if part),
        )
    ends = connection.execute(
        "SELECT c.id, c.provider, coalesce(c.ended_on, c.ends_on) AS last, c.source, a.short_name FROM contracts c"
        " JOIN authorities a ON a.id = c.authority_id WHERE coalesce(c.ended_on, c.ends_on) IS NOT "
        "NULL ORDER BY last, c.id"
    )
    for row in ends:
        add(
            f"contract-{row['id']}-end@intervene",
            row["last"],
            f"{row['short_name']}: last day of the {row['provider']} contract",
            f"Source: {row['source']}" if row["source"] else "",
        )
    return feed.to_ical()
