"""Where the database lives, opening it safely, migrating it and loading the seed.

Opening checks with plain `sqlite3` whether any migration is pending; only then
(or to create a new database) is sqlite-utils imported. Paths are plain strings
and os.path, so that reading does not pay for importing pathlib.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator

from intervene.errors import InterveneError
from intervene.migrations import MIGRATION_NAMES, MIGRATION_SET

APP_NAME = "intervene"
DATABASE_FILE = "intervene.db"
BUSY_TIMEOUT_SECONDS = 30
MIGRATIONS_TABLE = "_sqlite_migrations"


def default_path() -> str:
    """`intervene.db` in the user data folder; nothing is created by asking."""
    import click

    return os.path.join(click.get_app_dir(APP_NAME), DATABASE_FILE)


def seed_path() -> str:
    """The seed shipped inside the package; in a source checkout, the repository's copy."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "seed.sql")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "seed.sql")


def open_database(
    path: os.PathLike | str | None = None,
    *,
    notify: Callable[[str], None] = lambda message: None,
) -> sqlite3.Connection:
    """An open, current intervene database at `path`, created and seeded on first use."""
    is_default = path is None
    path = os.path.expanduser(os.fspath(default_path() if path is None else path))
    if os.path.isdir(path):
        raise InterveneError(f"{path} is a folder; give the path of a database file")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            if not is_default:
                raise InterveneError(f"cannot create {path}: the folder {folder} does not exist")
            os.makedirs(folder, exist_ok=True)
        _create(path)
        notify(f"Created {path} from the seed.")
    connection = _connect(path)
    try:
        pending = _pending_migrations(connection, path)
        if pending:
            _upgrade(connection, path, pending, notify)
    except BaseException:
        connection.close()
        raise
    return connection


def resolve_path(path: os.PathLike | str | None) -> str:
    """The database file a command means: the path given, else INTERVENE_DB, else the default."""
    chosen = path or os.environ.get("INTERVENE_DB") or default_path()
    return os.path.expanduser(os.fspath(chosen))


def open_read_only(path: os.PathLike | str | None) -> sqlite3.Connection | None:
    """The existing database at `path` opened read-only (no creation, no migration), or None
    when there is none: for shell completion, which must never create or change anything."""
    from urllib.parse import quote

    target = resolve_path(path)
    if not os.path.isfile(target):
        return None
    try:
        return sqlite3.connect(f"file:{quote(os.path.abspath(target))}?mode=ro", uri=True)
    except sqlite3.Error:
        return None


def _connect(path: str) -> sqlite3.Connection:
    # A file we may not write is opened read-only, so reading works and a write fails cleanly.
    target, uri = path, False
    if not os.access(path, os.W_OK):
        from urllib.parse import quote

        target, uri = f"file:{quote(os.path.abspath(path))}?mode=ro", True
    try:
        connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, uri=uri)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        raise InterveneError(f"cannot open {path}: {error}") from None
    return connection


def _pending_migrations(connection: sqlite3.Connection, path: str) -> list[str]:
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise InterveneError(f"{path} is not an intervene database ({error})") from None
    applied: list[str] = []
    if MIGRATIONS_TABLE in tables:
        applied = [
            row[0]
            for row in connection.execute(
                f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY id",
                [MIGRATION_SET],
            )
        ]
    if not applied:
        raise InterveneError(f"{path} is not an intervene database (it has no intervene schema)")
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise InterveneError(
            f"{path} was made by a newer version of intervene (schema step {unknown[0]!r} is "
            "unknown here); upgrade intervene to use it"
        )
    return [name for name in MIGRATION_NAMES if name not in applied]


def _upgrade(connection: sqlite3.Connection, path: str, pending: list[str], notify: Callable[[str], None]) -> None:
    """Back the file up, then apply the pending steps, each with its record in one transaction."""
    version = len(MIGRATION_NAMES) - len(pending)
    backup = f"{path}.bak-v{version}"
    with contextlib.closing(sqlite3.connect(backup)) as target:
        connection.backup(target)
    notify(f"Backed up {path} to {backup} before upgrading its schema.")
    migrate(connection)
    notify(f"Upgraded {path}: applied {', '.join(pending)}.")


def migrate(connection: sqlite3.Connection) -> None:
    """Apply every pending schema step."""
    from sqlite_utils import Database

    from intervene.migrations import migration_set

    migration_set().apply(Database(connection))


def _create(path: str) -> None:
    """Build the new database beside `path`, then link it into place in one step.

    A crash leaves no half-made database behind, and two processes starting at
    once cannot overwrite each other: the second finds the file already there.
    """
    folder, name = os.path.split(os.path.abspath(path))
    building = os.path.join(folder, f".{name}.{os.getpid()}.building")
    _remove(building)
    try:
        with contextlib.closing(sqlite3.connect(building)) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            migrate(connection)
            with open(seed_path(), encoding="utf-8") as seed:
                connection.executescript(seed.read())
            connection.commit()
        if os.path.exists(path) and os.path.getsize(path) == 0:
            os.replace(building, path)
        else:
            try:
                os.link(building, path)
            except FileExistsError:
                pass  # another process created it first; theirs stands
    except OSError as error:
        raise InterveneError(f"cannot create {path}: {error.strerror or error}") from None
    finally:
        _remove(building)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)


# A write kept waiting this long for another writer says so, once, on stderr.
WAIT_NOTICE_SECONDS = 1


@contextlib.contextmanager
def write_transaction(connection: sqlite3.Connection, *, dry_run: bool = False) -> Iterator[sqlite3.Connection]:
    """One write, all or nothing; IMMEDIATE takes the write lock up front so writers queue.

    A writer that finds the lock held waits its turn, up to BUSY_TIMEOUT_SECONDS in all,
    saying so after the first second; only then is the write refused, with nothing written.
    Keep the work inside short: every other writer waits for it.

    With `dry_run` the work is done and checked, then rolled back.
    """
    _begin_immediate(connection)
    try:
        yield connection
    except BaseException:
        connection.rollback()
        raise
    if dry_run:
        connection.rollback()
    else:
        connection.commit()


def _begin_immediate(connection: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting for the lock: a second quietly, then the rest of the busy
    timeout with a note on stderr, so that a queued write is not mistaken for a hung one."""
    connection.execute(f"PRAGMA busy_timeout = {WAIT_NOTICE_SECONDS * 1000}")
    try:
        try:
            connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
        import sys

        sys.stderr.write(f"Waiting for another writer to finish (up to {BUSY_TIMEOUT_SECONDS} s)…\n")
        sys.stderr.flush()
        connection.execute(f"PRAGMA busy_timeout = {(BUSY_TIMEOUT_SECONDS - WAIT_NOTICE_SECONDS) * 1000}")
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
            raise InterveneError(
                f"another writer has held the database for over {BUSY_TIMEOUT_SECONDS} s; nothing was written"
            ) from None
    finally:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return (code & 0xFF) == sqlite3.SQLITE_BUSY if code is not None else "locked" in str(error)
