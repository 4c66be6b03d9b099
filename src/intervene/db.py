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


# The seed's second line: "-- Data as of 2026-02-09: …", written by scripts/build_seed.py.
SEED_DATE_PREFIX = "-- Data as of "


def seed_date() -> str | None:
    """How recent the shipped seed's data is: the newest date its sources give for a fact, as
    ISO text; None for a seed that does not say."""
    with open(seed_path(), encoding="utf-8") as seed:
        for line in (seed.readline(), seed.readline()):
            if line.startswith(SEED_DATE_PREFIX):
                return line.removeprefix(SEED_DATE_PREFIX).split(":", 1)[0]
    return None


def open_database(
    path: os.PathLike | str | None = None,
    *,
    notify: Callable[[str], None] = lambda message: None,
    damaged_ok: bool = False,
    create: bool = True,
) -> sqlite3.Connection:
    """An open, current intervene database at `path`, created and seeded on first use, or,
    without `create`, a one-line error when there is no file there (a mistyped path).

    Each way opening can fail is its own one-line InterveneError. A database that cannot be
    written (the file, or its folder) is opened read-only, so reads still work. With
    `damaged_ok` (for `intervene check`), a file SQLite finds damaged is returned as it is,
    unmigrated, for the checks to report on.
    """
    is_default = path is None
    path = os.path.expanduser(os.fspath(default_path() if path is None else path))
    kind = _kind_of_file(path)
    if kind == "missing" and not create:
        raise InterveneError(missing_database(path))
    if kind in ("missing", "empty"):
        folder = os.path.dirname(os.path.abspath(path))
        if kind == "missing" and not os.path.isdir(folder):
            if not is_default:
                raise InterveneError(f"cannot create {path}: the folder {folder} does not exist")
            os.makedirs(folder, exist_ok=True)
        if _create(path, replace_empty=kind == "empty"):
            notify(f"Created {path} from the seed.")
    connection, writable = _connect(path, damaged_ok=damaged_ok)
    try:
        pending = _pending_migrations(connection, path)
        if pending:
            if not writable:
                raise InterveneError(
                    f"{path} needs upgrading to this version's schema, but it is read-only (the file or its "
                    "folder); open it once with write access to both"
                )
            _upgrade(connection, path, pending, notify)
    except sqlite3.Error as error:
        if damaged_ok and problem_with(error) == "damaged":
            return connection
        connection.close()
        raise InterveneError(describe(error, path)) from None
    except BaseException:
        connection.close()
        raise
    return connection


def missing_database(path: str) -> str:
    import shlex

    return (
        f"no database at {path}; check the path, or create one there from the seed with "
        f"`intervene init {shlex.quote(path)}`"
    )


def _kind_of_file(path: str) -> str:
    """'file', 'empty' or 'missing'; anything else that is not a database file is refused here,
    before anything is created: a folder, a FIFO or device (SQLite would block on it or the
    build would replace it), a link that points nowhere (linking into place would fail)."""
    import stat

    try:
        mode = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        if os.path.islink(path):
            raise InterveneError(
                f"{path} is a link that points nowhere ({os.readlink(path)} does not exist); "
                "give the path of a database file, or mend the link"
            ) from None
        return "missing"
    except OSError as error:
        import errno

        if error.errno == errno.ELOOP:
            raise InterveneError(
                f"{path} is a link that points nowhere (its links go round in a loop); "
                "give the path of a database file, or mend the link"
            ) from None
        raise InterveneError(
            f"cannot open {path}: {error.strerror or error}; check the path and its permissions"
        ) from None
    if stat.S_ISDIR(mode.st_mode):
        raise InterveneError(f"{path} is a folder; give the path of a database file")
    if not stat.S_ISREG(mode.st_mode):
        what = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode.st_mode)
            else "a socket"
            if stat.S_ISSOCK(mode.st_mode)
            else "a device"
            if stat.S_ISCHR(mode.st_mode) or stat.S_ISBLK(mode.st_mode)
            else "not a regular file"
        )
        raise InterveneError(f"{path} is {what}, not a database file; give the path of a database file")
    return "empty" if mode.st_size == 0 else "file"


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


def problem_with(error: BaseException) -> str:
    """What an SQLite error says about the database: 'full', 'locked', 'damaged', 'not sqlite',
    'read-only folder', 'read-only', 'cannot open', 'io' or 'other'.

    SQLite's (extended) result code decides where Python gives it; an error made by hand (or
    by an older binding) is read from SQLite's fixed English messages.
    """
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        primary = code & 0xFF
        if code == SQLITE_READONLY_DIRECTORY or code == SQLITE_READONLY_CANTINIT:
            return "read-only folder"
        return _BY_CODE.get(primary, "other")
    message = str(error).lower()
    for words, problem in _BY_MESSAGE:
        if words in message:
            return problem
    return "other"


SQLITE_READONLY_CANTINIT = 8 | (5 << 8)  # the -shm file cannot be made or written
SQLITE_READONLY_DIRECTORY = 8 | (6 << 8)  # the folder cannot be written, so nor can -shm or -wal
_BY_CODE = {
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "read-only",  # SQLITE_READONLY
    10: "io",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "cannot open",  # SQLITE_CANTOPEN
    26: "not sqlite",  # SQLITE_NOTADB
}
_BY_MESSAGE = (
    ("database or disk is full", "full"),
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
    ("disk image is malformed", "damaged"),
    ("file is not a database", "not sqlite"),
    ("readonly database", "read-only"),
    ("unable to open database file", "cannot open"),
    ("disk i/o error", "io"),
)


def describe(error: BaseException, path: str | None) -> str:
    """One line, for the person at the terminal, saying what an SQLite error means for the
    database at `path` (the default when None) and what to do about it."""
    path = os.path.expanduser(path) if path else default_path()
    problem = problem_with(error)
    if problem == "io" and _disk_nearly_full(path):
        problem = "full"  # SQLite reports a -shm or -wal it could not grow as an I/O error
    if problem == "full":
        return f"cannot use {path}: the disk is full; free some space and try again"
    if problem == "locked":
        return (
            f"{path} is locked by another process; waited {BUSY_TIMEOUT_SECONDS} s, "
            "try again when that process has finished"
        )
    if problem == "damaged":
        return f"{path} is damaged: {error}; `intervene check` reports what it can"
    if problem == "not sqlite":
        return (
            f"{path} is not an intervene database: it is not a SQLite database; give the path of an "
            "intervene database, or of a file to create"
        )
    if problem in ("read-only", "read-only folder"):
        return f"cannot write {path}: the file or its folder is read-only; nothing was written"
    if problem == "cannot open":
        reason = "permission denied" if not os.access(path, os.R_OK) else str(error)
        return f"cannot open {path}: {reason}; check the path and its permissions"
    if problem == "io":
        return f"cannot read {path}: {error}; the disk or file system may be failing"
    return f"{path} could not be used: {error}"


def _disk_nearly_full(path: str) -> bool:
    try:
        space = os.statvfs(os.path.dirname(os.path.abspath(path)))
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return space.f_bavail * space.f_frsize < 1024 * 1024


def _connect(path: str, *, damaged_ok: bool = False) -> tuple[sqlite3.Connection, bool]:
    """The database at `path`, opened and read once, and whether it may be written.

    A file we may not write, or one in a folder we may not write (SQLite keeps its -wal and
    -shm files beside the database), is opened read-only: reading works and a write fails
    cleanly. In a folder SQLite cannot make its -shm file in, a WAL database can only be read
    as immutable, which is safe when no -wal file holds changes not yet in the database.
    """
    folder = os.path.dirname(os.path.abspath(path))
    writable = os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    try:
        return _attempt(path, None if writable else "mode=ro", damaged_ok), writable
    except sqlite3.Error as error:
        problem = problem_with(error)
        if problem == "read-only":  # a crash left a journal or -wal to recover, which takes writing
            raise InterveneError(
                f"cannot read {path}: it needs recovering after a crash ({error}), which takes write access; "
                "open it once with write access to it and its folder"
            ) from None
        wal = f"{path}-wal"
        folder_read_only = problem == "read-only folder" or not os.access(folder, os.W_OK)
        if folder_read_only and os.path.isfile(wal) and os.path.getsize(wal) > 0:
            # SQLite cannot read the -wal without a -shm beside it, and immutable would ignore it.
            raise InterveneError(
                f"cannot read {path}: its folder is read-only and {wal} holds changes not yet in the "
                "database; open it once with write access to the folder"
            ) from None
        if problem != "read-only folder":
            raise InterveneError(describe(error, path)) from None
    try:
        return _attempt(path, "mode=ro&immutable=1", damaged_ok), False
    except sqlite3.Error as error:
        raise InterveneError(describe(error, path)) from None


def _attempt(path: str, options: str | None, damaged_ok: bool) -> sqlite3.Connection:
    """Connect with URI `options` (None: read and write), and read the header, which is when
    SQLite finds the file is not a database, is locked, or cannot be read where it lies."""
    target, uri = path, False
    if options:
        from urllib.parse import quote

        target, uri = f"file:{quote(os.path.abspath(path))}?{options}", True
    connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_SECONDS, uri=uri)
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error as error:
        if damaged_ok and problem_with(error) == "damaged":
            return connection
        connection.close()
        raise
    return connection


def _pending_migrations(connection: sqlite3.Connection, path: str) -> list[str]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
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
    fresh = not os.path.lexists(backup)
    try:
        with contextlib.closing(sqlite3.connect(backup)) as target:
            connection.backup(target)
    except BaseException:
        if fresh:  # a half-made backup (a full disk) is no backup
            _remove_database_files(backup)
        raise
    notify(f"Backed up {path} to {backup} before upgrading its schema.")
    migrate(connection)
    notify(f"Upgraded {path}: applied {', '.join(pending)}.")


def migrate(connection: sqlite3.Connection) -> None:
    """Apply every pending schema step."""
    from sqlite_utils import Database

    from intervene.migrations import migration_set

    migration_set().apply(Database(connection))


def _create(path: str, *, replace_empty: bool = False) -> bool:
    """Build the new database beside `path`, then link it into place in one step; False when
    another process got there first (theirs stands).

    A crash leaves no half-made database behind, and two processes starting at once cannot
    overwrite each other: the second finds the file already there. Every failure (a full disk,
    a read-only folder) removes what was built, -wal and -shm included, and says so in one line.
    `replace_empty` replaces the empty file at `path` (the file a link points to, not the link).
    """
    target = os.path.realpath(path) if replace_empty else os.path.abspath(path)
    folder, name = os.path.split(target)
    building = os.path.join(folder, f".{name}.{os.getpid()}.building")
    _remove_database_files(building)
    try:
        with contextlib.closing(sqlite3.connect(building)) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA foreign_keys = ON")
            migrate(connection)
            with open(seed_path(), encoding="utf-8") as seed:
                connection.executescript(seed.read())
            connection.commit()
            # Every page into the file itself now, so that a full disk fails here and not in the
            # checkpoint on closing, which would leave the linked file without what its -wal held.
            if connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                raise sqlite3.OperationalError("database is locked")
        if replace_empty:
            if os.path.getsize(target) != 0:
                return False  # another process filled it first
            os.replace(building, target)
        else:
            try:
                os.link(building, target)
            except FileExistsError:
                return False
        return True
    except (OSError, sqlite3.Error) as error:
        raise InterveneError(_cannot_create(path, folder, error)) from None
    finally:
        _remove_database_files(building)


def _cannot_create(path: str, folder: str, error: OSError | sqlite3.Error) -> str:
    import errno

    if isinstance(error, OSError):
        full = error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        read_only = error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
        reason = error.strerror or str(error)
    else:
        full = problem_with(error) == "full"
        read_only = problem_with(error) in ("read-only", "read-only folder", "cannot open")
        reason = str(error)
    if full:
        return f"cannot create {path}: the disk is full; free some space and try again"
    if read_only and not os.access(folder, os.W_OK):
        return f"cannot create {path}: the folder {folder} is read-only; give a path in a folder you may write"
    return f"cannot create {path}: {reason}"


def _remove_database_files(path: str) -> None:
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)


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
        except sqlite3.OperationalError:
            # Still locked after the whole wait: said as every lock is (cli names the file).
            raise
    finally:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return (code & 0xFF) == sqlite3.SQLITE_BUSY if code is not None else "locked" in str(error)
