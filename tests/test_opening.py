"""Opening the database: each way it can go wrong is its own one line, and nothing is left behind.

`--db` names a regular file or nothing: a FIFO, a device or a link that points nowhere is refused
before anything is made. A first use that fails (a full disk) removes all it built, -wal and -shm
included. A file that is not SQLite, a damaged one, a locked one and a full disk each say so, and
`check` still runs on a damaged file. A database that cannot be written, because of the file or
its folder, is still read. The tests with real permissions skip as root, who may write anything;
each has a twin that makes SQLite raise what it raises there, which runs as anyone.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from intervene.db import open_database
from intervene.errors import InterveneError

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(AS_ROOT, reason="root ignores file permissions; the simulated twin runs")


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def one_error_line(result, expected: str) -> None:
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {expected}\n"


def events(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        counted = connection.execute("SELECT count(*) FROM events").fetchone()[0]
    connection.close()
    return counted


def means(target, path: Path) -> bool:
    """Whether sqlite3.connect's `target` (a path or a file: URI) names `path`."""
    target = str(target)
    if target.startswith("file:"):
        target = unquote(target[len("file:") :].partition("?")[0])
    return os.path.realpath(target) == os.path.realpath(path)


def sqlite_error(message: str, code: int, name: str) -> sqlite3.OperationalError:
    """The error SQLite raises, with the codes Python attaches to it."""
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    error.sqlite_errorname = name
    return error


# Not a regular file, or a link to nothing: refused, and nothing made.


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_and_left_a_fifo(run, tmp_path):
    fifo = tmp_path / "p.db"
    os.mkfifo(fifo)
    one_error_line(
        run("--db", str(fifo), "status", "stoke"),
        f"{fifo} is a named pipe (FIFO), not a database file; give the path of a database file",
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert listing(tmp_path) == ["intervene.db", "p.db"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null here")
def test_a_device_is_refused_and_left_alone(run, tmp_path):
    link = tmp_path / "dev.db"
    link.symlink_to("/dev/null")
    one_error_line(
        run("--db", str(link), "status", "stoke"),
        f"{link} is a device, not a database file; give the path of a database file",
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert link.is_symlink() and listing(tmp_path) == ["dev.db", "intervene.db"]


def test_a_link_that_points_nowhere_is_refused(run, tmp_path):
    link = tmp_path / "dangling.db"
    link.symlink_to(tmp_path / "gone.db")
    result = run("--db", str(link), "status", "stoke")
    one_error_line(
        result,
        f"{link} is a link that points nowhere ({tmp_path / 'gone.db'} does not exist); give the path of a "
        "database file, or mend the link",
    )
    assert listing(tmp_path) == ["dangling.db", "intervene.db"]


def test_a_loop_of_links_is_refused(run, tmp_path):
    loop = tmp_path / "loop.db"
    loop.symlink_to(loop)
    one_error_line(
        run("--db", str(loop), "status", "stoke"),
        f"{loop} is a link that points nowhere (its links go round in a loop); give the path of a database "
        "file, or mend the link",
    )


def test_a_link_to_a_database_is_followed(run, db_path, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    result = run("--db", str(link), "status", "stoke")
    assert result.exit_code == 0 and result.stderr == ""
    assert "Stoke-on-Trent City Council" in result.stdout


def test_a_link_to_an_empty_file_gets_the_database_and_stays_a_link(run, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    link = tmp_path / "link.db"
    link.symlink_to(empty)
    result = run("--db", str(link), "status", "stoke")
    assert result.exit_code == 0
    assert result.stderr == f"Created {link} from the seed.\n"
    assert link.is_symlink() and empty.stat().st_size > 0
    assert not [name for name in listing(tmp_path) if "building" in name]


def test_another_process_creating_it_first_is_not_claimed_as_ours(run, tmp_path, seeded_template, monkeypatch):
    path = tmp_path / "raced.db"

    def they_won(source, destination):
        shutil.copy(seeded_template, destination)
        raise FileExistsError(errno.EEXIST, "File exists", str(destination))

    monkeypatch.setattr("intervene.db.os.link", they_won)
    result = run("init", str(path))
    assert result.exit_code == 0
    assert result.stderr == ""  # no "Created": the other process made it
    assert not [name for name in listing(tmp_path) if "building" in name]


# A full disk: the first use fails with one line and leaves nothing behind.


def test_a_full_disk_during_the_build_leaves_nothing_not_even_wal_or_shm(run, tmp_path, monkeypatch):
    """On a full disk SQLite cannot fold the -wal back into the file on closing, so the -wal and
    -shm outlive the connection. A second connection holding the build open does the same here."""
    import intervene.db

    real_migrate = intervene.db.migrate
    holding = []

    def migrate_then_disk_full(connection):
        real_migrate(connection)
        building = connection.execute("PRAGMA database_list").fetchone()[2]
        holding.append(sqlite3.connect(building))
        holding[0].execute("SELECT count(*) FROM sqlite_master").fetchone()
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("intervene.db.migrate", migrate_then_disk_full)
    folder = tmp_path / "new"
    folder.mkdir()
    path = folder / "x.db"
    try:
        one_error_line(
            run("init", str(path)),
            f"cannot create {path}: the disk is full; free some space and try again",
        )
        assert listing(folder) == []
    finally:
        for connection in holding:
            connection.close()


def test_a_full_disk_when_linking_into_place_leaves_nothing(run, tmp_path, monkeypatch):
    def no_space(source, destination):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("intervene.db.os.link", no_space)
    folder = tmp_path / "new"
    folder.mkdir()
    path = folder / "x.db"
    one_error_line(
        run("init", str(path)),
        f"cannot create {path}: the disk is full; free some space and try again",
    )
    assert listing(folder) == []


def test_a_full_disk_when_opening_says_so(run, db_path, monkeypatch):
    real_connect = sqlite3.connect

    def disk_full(target, *args, **options):
        if means(target, db_path):
            raise sqlite_error("database or disk is full", 13, "SQLITE_FULL")
        return real_connect(target, *args, **options)

    monkeypatch.setattr("intervene.db.sqlite3.connect", disk_full)
    one_error_line(run("status", "stoke"), f"cannot use {db_path}: the disk is full; free some space and try again")


def test_a_full_disk_during_the_backup_before_an_upgrade_leaves_no_half_backup(tmp_path, monkeypatch):
    from test_upgrade import from_fixture

    folder = tmp_path / "old"
    folder.mkdir()
    path = from_fixture(folder / "old.db", "schema-v7.sql")
    before = path.read_bytes()
    real_connect = sqlite3.connect

    def small_disk(target, *args, **options):
        connection = real_connect(target, *args, **options)
        if str(target).endswith(".bak-v7"):
            connection.execute("PRAGMA max_page_count = 2")  # SQLite's own "database or disk is full"
        return connection

    monkeypatch.setattr("intervene.db.sqlite3.connect", small_disk)
    with pytest.raises(InterveneError, match="^cannot use .*old.db: the disk is full; free some space"):
        open_database(path)
    assert listing(folder) == ["old.db"]
    assert path.read_bytes() == before


# Not SQLite, damaged, locked: each its own line.


def test_a_file_that_is_not_sqlite_says_so(run, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    one_error_line(
        run("--db", str(path), "status", "stoke"),
        f"{path} is not an intervene database: it is not a SQLite database; give the path of an intervene "
        "database, or of a file to create",
    )


def damage(path: Path, table: str | None = None) -> None:
    """Overwrite the b-tree of `table` (None: the schema on page 1) with garbage."""
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        page = 1
        if table:
            page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    connection.close()
    assert not Path(f"{path}-wal").exists()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size + (100 if page == 1 else 0) + 8)
        handle.write(b"\xa5" * 200)


def test_a_damaged_schema_says_damaged_and_check_reports_it(run, db_path):
    damage(db_path)
    one_error_line(
        run("status", "stoke"),
        f"{db_path} is damaged: database disk image is malformed; `intervene check` reports what it can",
    )
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "problem: SQLite integrity: database disk image is malformed"
    assert lines[1].startswith("problem: not checked: ") and lines[1].endswith(
        "could not read the damaged file (database disk image is malformed)"
    )
    assert lines[-1] == "2 problems, 0 warnings, 0 interventions to research."


def test_a_damaged_table_says_damaged_and_check_lists_the_damage(run, db_path):
    import json

    damage(db_path, "ratings")
    one_error_line(
        run("status", "stoke"),
        f"{db_path} is damaged: database disk image is malformed; `intervene check` reports what it can",
    )
    result = run("check", "--json")
    assert result.exit_code == 1
    assert result.stderr == ""
    found = json.loads(result.stdout)["problems"]
    integrity = [problem["detail"] for problem in found if problem["check"] == "SQLite integrity"]
    page = sqlite3.connect(db_path).execute("SELECT rootpage FROM sqlite_master WHERE name = 'ratings'").fetchone()[0]
    assert integrity and any(f"page {page} " in line for line in integrity)
    assert all("\n" not in line for line in integrity)


def test_a_lock_held_while_opening_says_locked_and_how_long_it_waited(run, db_path, monkeypatch):
    monkeypatch.setattr("intervene.db.BUSY_TIMEOUT_SECONDS", 1)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")  # readers too are kept out
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO events (authority_id, happened_on, summary) VALUES (1, '2026-01-01', 'held')")
    try:
        started = time.monotonic()
        result = run("status", "stoke")
        waited = time.monotonic() - started
    finally:
        holder.close()
    one_error_line(
        result,
        f"{db_path} is locked by another process; waited 1 s, try again when that process has finished",
    )
    assert waited >= 0.9


def test_a_lock_held_while_writing_says_locked(run, db_path, monkeypatch):
    monkeypatch.setattr("intervene.db.BUSY_TIMEOUT_SECONDS", 1)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer mid-write; readers still read
    try:
        assert run("status", "stoke").exit_code == 0
        result = run("add-event", "stoke", "Something", "--on", "2026-01-01", "--source", "S")
    finally:
        holder.close()
    # A write first says it is waiting its turn, then, the wait over, that the file is locked.
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Waiting for another writer to finish (up to 1 s)…",
        f"Error: {db_path} is locked by another process; waited 1 s, try again when that process has finished",
    ]


# Read-only: the file, its folder or both. Reads work; a write is one line and writes nothing.

READ_ONLY_WRITE = "cannot write {path}: the file or its folder is read-only; nothing was written"


@pytest.fixture
def read_only(db_path):
    """Takes write permission from the database file and/or its folder; gives it back afterwards."""
    folder = db_path.parent
    modes = {path: path.stat().st_mode for path in (db_path, folder)}

    def take(what: str) -> None:
        if what in ("file", "both"):
            db_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        if what in ("folder", "both"):
            folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)

    yield take
    for path, mode in modes.items():
        path.chmod(mode)


def assert_wal(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()
    assert listing(db_path.parent) == ["intervene.db"]  # closed cleanly: no -wal or -shm to read through


def assert_reads_work_and_writes_do_not(run, db_path, *, folder_read_only: bool) -> None:
    before, files = db_path.read_bytes(), listing(db_path.parent)
    counted = None if folder_read_only else events(db_path)
    status = run("status", "stoke")
    assert status.exit_code == 0, status.stderr
    assert status.stderr == ""
    assert "Stoke-on-Trent City Council" in status.stdout
    timeline = run("timeline", "stoke", "--json")
    assert timeline.exit_code == 0 and '"what":"intervention"' in timeline.stdout
    one_error_line(
        run("add-event", "stoke", "Something", "--on", "2026-01-01", "--source", "S"),
        READ_ONLY_WRITE.format(path=db_path),
    )
    assert db_path.read_bytes() == before
    if folder_read_only:  # nothing could be made there, not even a -shm
        assert listing(db_path.parent) == files
    else:  # a write would be in the -wal: count through it
        assert events(db_path) == counted


@needs_permissions
@pytest.mark.parametrize("what", ["file", "folder", "both"])
def test_a_read_only_database_reads_and_refuses_writes(run, db_path, read_only, what):
    assert_wal(db_path)
    read_only(what)
    assert_reads_work_and_writes_do_not(run, db_path, folder_read_only=what != "file")


@pytest.mark.parametrize("what", ["file", "folder", "both"])
def test_a_read_only_database_reads_and_refuses_writes_simulated(run, db_path, monkeypatch, what):
    """As SQLite behaves without permission, for root too: a file it may not write it opens
    read-only whatever it was asked; in a folder it may not write it cannot make the -shm that
    reading a WAL database takes, unless told the file is immutable."""
    real_connect = sqlite3.connect

    def as_without_permission(target, *args, **options):
        if not means(target, db_path):
            return real_connect(target, *args, **options)
        uri = str(target)
        if what != "file" and "immutable=1" not in uri:
            raise sqlite_error("attempt to write a readonly database", 1544, "SQLITE_READONLY_DIRECTORY")
        if "mode=ro" not in uri:
            options.pop("uri", None)
            return real_connect(f"file:{db_path}?mode=ro", *args, uri=True, **options)
        return real_connect(target, *args, **options)

    assert_wal(db_path)
    monkeypatch.setattr("intervene.db.sqlite3.connect", as_without_permission)
    assert_reads_work_and_writes_do_not(run, db_path, folder_read_only=what != "file")


@needs_permissions
def test_a_read_only_folder_with_unsaved_changes_in_its_wal_is_refused(run, db_path, read_only):
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO events (authority_id, happened_on, summary) VALUES (1, '2026-01-01', 'in the wal')")
    wal = Path(f"{db_path}-wal").read_bytes()
    writer.close()  # folds the -wal in and removes it; put it back, as a crash would leave it
    Path(f"{db_path}-wal").write_bytes(wal)
    read_only("folder")
    one_error_line(
        run("status", "stoke"),
        f"cannot read {db_path}: its folder is read-only and {db_path}-wal holds changes not yet in the "
        "database; open it once with write access to the folder",
    )


def test_a_read_only_database_that_needs_upgrading_is_refused(tmp_path, monkeypatch):
    from test_upgrade import from_fixture

    folder = tmp_path / "old"
    folder.mkdir()
    path = from_fixture(folder / "old.db", "schema-v7.sql")
    before = path.read_bytes()
    monkeypatch.setattr("intervene.db.os.access", lambda target, mode: mode != os.W_OK)
    with pytest.raises(InterveneError, match="old.db needs upgrading to this version's schema, but it is read-only"):
        open_database(path)
    assert listing(folder) == ["old.db"]
    assert path.read_bytes() == before


@needs_permissions
def test_a_missing_database_in_a_read_only_folder_cannot_be_created(run, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        one_error_line(
            run("init", str(folder / "x.db")),
            f"cannot create {folder / 'x.db'}: the folder {folder} is read-only; give a path in a folder you may write",
        )
        assert listing(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)
