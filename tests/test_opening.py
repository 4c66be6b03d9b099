"""Opening the database: each way it can go wrong is its own one line, and nothing is left behind.

`--db` names a regular file or nothing: a FIFO, a device or a link that points nowhere is refused
before anything is made. A first use that fails (a full disk) removes all it built, -wal and -shm
included. The tests with real permissions skip as root, who may write anything.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(AS_ROOT, reason="root ignores file permissions")


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def one_error_line(result, expected: str) -> None:
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {expected}\n"


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
    result = run("--db", str(path), "status", "stoke")
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
            run("--db", str(path), "status", "stoke"),
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
        run("--db", str(path), "status", "stoke"),
        f"cannot create {path}: the disk is full; free some space and try again",
    )
    assert listing(folder) == []


@needs_permissions
def test_a_missing_database_in_a_read_only_folder_cannot_be_created(run, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        one_error_line(
            run("--db", str(folder / "x.db"), "status", "stoke"),
            f"cannot create {folder / 'x.db'}: the folder {folder} is read-only; give a path in a folder you may write",
        )
        assert listing(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)
