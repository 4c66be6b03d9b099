"""Writers queue for the write lock: a write waits its turn up to the busy timeout, saying so
after a second, and only then is refused, with nothing written."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from pathlib import Path

import intervene.db


@contextlib.contextmanager
def lock_held(database: Path, seconds: float):
    """Another connection holds the write lock for `seconds`, from a thread."""
    locked = threading.Event()

    def hold() -> None:
        with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            locked.set()
            time.sleep(seconds)
            other.execute("COMMIT")

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(5)
    try:
        yield
    finally:
        holder.join()


def test_a_write_kept_waiting_says_so_and_then_goes_through(run, db_path, connection):
    with lock_held(db_path, 1.6):
        result = run("add-event", "halton", "A queued write", "--on", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Waiting for another writer to finish (up to 30 s)…\n"
    assert connection.execute("SELECT count(*) FROM events WHERE summary = 'A queued write'").fetchone()[0] == 1


def test_a_short_wait_is_silent(run, db_path):
    with lock_held(db_path, 0.3):
        result = run("add-event", "halton", "A quick write", "--on", "2026-01-01")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_write_refused_after_the_busy_timeout_writes_nothing(run, db_path, connection, monkeypatch):
    monkeypatch.setattr(intervene.db, "BUSY_TIMEOUT_SECONDS", 2)
    with lock_held(db_path, 3):
        result = run("add-event", "halton", "Too late", "--on", "2026-01-01")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Waiting for another writer to finish (up to 2 s)…",
        "Error: another writer has held the database for over 2 s; nothing was written",
    ]
    assert connection.execute("SELECT count(*) FROM events WHERE summary = 'Too late'").fetchone()[0] == 0
