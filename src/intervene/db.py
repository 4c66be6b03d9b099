"""Where the database lives, opening it safely, migrating it and loading the seed.

Opening checks with plain `sqlite3` whether any migration is pending; only then
(or to create a new database) is sqlite-utils imported.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from intervene.errors import InterveneError
from intervene.migrations import MIGRATION_NAMES, MIGRATION_SET

APP_NAME = "intervene"
DATABASE_FILE = "intervene.db"
BUSY_TIMEOUT_SECONDS = 30
MIGRATIONS_TABLE = "_sqlite_migrations"


def default_path() -> Path:
    """`intervene.db` in the user data folder; nothing is created by asking."""
    import click

    return Path(click.get_app_dir(APP_NAME)) / DATABASE_FILE


def seed_path() -> Path:
    """The seed shipped inside the package; in a source checkout, the repository's copy."""
    packaged = Path(__file__).parent / "data" / "seed.sql"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "seed.sql"


def open_database(
    path: Path | str | None = None,
    *,
    notify: Callable[[str], None] = lambda message: None,
) -> sqlite3.Connection:
    """An open, current intervene database at `path`, created and seeded on first use."""
    is_default = path is None
    path = Path(default_path() if is_default else path).expanduser()
    if path.is_dir():
        raise InterveneError(f"{path} is a folder; give the path of a database file")
    if not path.exists() or path.stat().st_size == 0:
        if not path.parent.is_dir():
            if not is_default:
                raise InterveneError(f"cannot create {path}: the folder {path.parent} does not exist")
            path.parent.mkdir(parents=True, exist_ok=True)
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


def _connect(path: Path) -> sqlite3.Connection:
    # A file we may not write is opened read-only, so reading works and a write fails cleanly.
    target, uri = (path, False) if os.access(path, os.W_OK) else (f"{path.resolve().as_uri()}?mode=ro", True)
    try:
        connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, uri=uri)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        raise InterveneError(f"cannot open {path}: {error}") from None
    return connection


def _pending_migrations(connection: sqlite3.Connection, path: Path) -> list[str]:
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


def _upgrade(connection: sqlite3.Connection, path: Path, pending: list[str], notify: Callable[[str], None]) -> None:
    """Back the file up, then apply the pending steps, each with its record in one transaction."""
    version = len(MIGRATION_NAMES) - len(pending)
    backup = path.with_name(f"{path.name}.bak-v{version}")
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


def _create(path: Path) -> None:
    """Build the new database beside `path`, then link it into place in one step.

    A crash leaves no half-made database behind, and two processes starting at
    once cannot overwrite each other: the second finds the file already there.
    """
    building = path.with_name(f".{path.name}.{os.getpid()}.building")
    building.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(building)) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            migrate(connection)
            connection.executescript(seed_path().read_text(encoding="utf-8"))
            connection.commit()
        if path.exists() and path.stat().st_size == 0:
            os.replace(building, path)
        else:
            try:
                os.link(building, path)
            except FileExistsError:
                pass  # another process created it first; theirs stands
    except OSError as error:
        raise InterveneError(f"cannot create {path}: {error.strerror or error}") from None
    finally:
        building.unlink(missing_ok=True)


@contextlib.contextmanager
def write_transaction(connection: sqlite3.Connection, *, dry_run: bool = False) -> Iterator[sqlite3.Connection]:
    """One write, all or nothing; IMMEDIATE takes the write lock up front so writers queue.

    With `dry_run` the work is done and checked, then rolled back.
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.rollback()
        raise
    if dry_run:
        connection.rollback()
    else:
        connection.commit()
