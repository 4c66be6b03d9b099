"""Writers queue for the write lock, and an import holds it only for its inserts.

A write waits its turn up to the busy timeout, saying so after a second, and only then is
refused, with nothing written. An Ofsted import does its reading, parsing and comparing in a
copy of the database and takes the lock only to copy its new rows across, so that writers
beside a long import are not refused.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import intervene.db
from intervene.importers.ofsted import import_ofsted

HEADERS = [
    "Local authority area code",
    "Local authority name",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "Impact of leaders",
    "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care",
    "Experiences and progress of care leavers",
]


def outcomes_file(path: Path, database: Path, rows: int) -> int:
    """Ofsted outcomes for every current council, one inspection a day back from 2005 (before
    anything seeded), five judgements each; returns the number of ratings."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        codes = [row[0] for row in connection.execute("SELECT ons_code FROM authorities WHERE ceased_on IS NULL")]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for number in range(rows):
            published = date(2005, 12, 31) - timedelta(days=number // len(codes))
            writer.writerow(
                [
                    codes[number % len(codes)],
                    "",
                    (published - timedelta(days=40)).strftime("%d/%m/%Y"),
                    published.strftime("%d/%m/%Y"),
                    "Good",
                    "Good",
                    "Inadequate",
                    "Good",
                    "Outstanding",
                ]
            )
    return rows * 5


def imported(database: Path, name: str) -> int:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT count(*) FROM ratings WHERE source LIKE ?", [f"%{name}%"]).fetchone()[0]


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
        result = run("add-event", "halton", "A queued write", "--on", "2026-01-01", "--source", "S")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Waiting for another writer to finish (up to 30 s)…\n"
    assert connection.execute("SELECT count(*) FROM events WHERE summary = 'A queued write'").fetchone()[0] == 1


def test_a_short_wait_is_silent(run, db_path):
    with lock_held(db_path, 0.3):
        result = run("add-event", "halton", "A quick write", "--on", "2026-01-01", "--source", "S")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_write_refused_after_the_busy_timeout_writes_nothing(run, db_path, connection, monkeypatch):
    monkeypatch.setattr(intervene.db, "BUSY_TIMEOUT_SECONDS", 2)
    with lock_held(db_path, 3):
        result = run("add-event", "halton", "Too late", "--on", "2026-01-01", "--source", "S")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Waiting for another writer to finish (up to 2 s)…",
        f"Error: {db_path} is locked by another process; waited 2 s, try again when that process has finished",
    ]
    assert connection.execute("SELECT count(*) FROM events WHERE summary = 'Too late'").fetchone()[0] == 0


def test_the_import_reads_and_parses_nothing_while_it_holds_the_lock(tmp_path, db_path, connection, monkeypatch):
    """Every row of the file is read before the database's write transaction begins; inside it
    there are only the inserts. (Streaming the file inside the transaction, as the import did,
    holds every other writer off for the whole import.)"""
    path = tmp_path / "outcomes.csv"
    total = outcomes_file(path, db_path, 300)
    rows_read, inside = [], []
    original = intervene.db.write_transaction

    @contextlib.contextmanager
    def watched(target, **options):
        is_database = target.execute("PRAGMA database_list").fetchone()[2] == str(db_path)
        before = len(rows_read)
        with original(target, **options) as held:
            yield held
        if is_database:
            inside.append(len(rows_read) - before)

    monkeypatch.setattr(intervene.db, "write_transaction", watched)
    result = import_ofsted(connection, path, on_progress=rows_read.append)
    assert result.ratings_added == total and len(rows_read) == 300
    assert inside == [0]  # one transaction on the database, and no row read within it
    assert imported(db_path, "outcomes.csv") == total
    assert [entry.name for entry in db_path.parent.iterdir() if entry.name.endswith(".importing")] == []


def test_a_rating_recorded_during_the_import_is_seen_and_the_import_redone(tmp_path, db_path, connection):
    """The import works in a copy; if a rating is recorded in the database meanwhile, the copy
    is out of date, so the import is done again from a fresh copy rather than applied."""
    path = tmp_path / "outcomes.csv"
    total = outcomes_file(path, db_path, 50)
    calls = []

    def record_a_rating_once(count: int) -> None:
        calls.append(count)
        if len(calls) == 1:
            with contextlib.closing(sqlite3.connect(db_path)) as other:
                other.execute(
                    "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on, source)"
                    " VALUES (1, 'ILACS', 'overall effectiveness', 'good', '1980-01-01', 'meanwhile')"
                )
                other.commit()

    result = import_ofsted(connection, path, on_progress=record_a_rating_once)
    assert len(calls) == 100  # read twice: the first copy was out of date
    assert result.ratings_added == total and imported(db_path, "outcomes.csv") == total
    meanwhile = connection.execute("SELECT id FROM ratings WHERE source = 'meanwhile'").fetchone()[0]
    assert meanwhile < result.first_id and result.last_id - result.first_id + 1 == total
    audit = connection.execute("SELECT row_id FROM changes WHERE action = 'import'").fetchall()
    assert [row[0] for row in audit] == [result.first_id]


def test_a_dry_run_and_a_failed_import_leave_the_database_and_no_copy(tmp_path, db_path, connection, run):
    path = tmp_path / "outcomes.csv"
    outcomes_file(path, db_path, 20)
    before = connection.execute("SELECT count(*) FROM ratings").fetchone()[0]
    assert run("import", "ofsted", str(path), "--dry-run").exit_code == 0
    path.write_text("not,an,outcomes,file\n1,2,3,4\n")
    assert run("import", "ofsted", str(path)).exit_code == 1
    assert connection.execute("SELECT count(*) FROM ratings").fetchone()[0] == before
    assert sorted(entry.name for entry in db_path.parent.iterdir() if entry.name.startswith(".")) == []


def test_a_copy_left_by_a_killed_import_is_removed_by_the_next(tmp_path, db_path, run):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = db_path.parent / f".{db_path.name}.{finished.stdout.strip()}.importing"
    abandoned.write_bytes(b"a copy")
    path = tmp_path / "outcomes.csv"
    outcomes_file(path, db_path, 5)
    assert run("import", "ofsted", str(path)).exit_code == 0
    assert not abandoned.exists()


WRITER = """
import os, sys, time
import intervene.db
from intervene.cli import cli

intervene.db.BUSY_TIMEOUT_SECONDS = int(sys.argv[4])
path, number, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3]
written = refused = longest = 0
while written + refused < 5 or not os.path.exists(stop):
    started = time.perf_counter()
    try:
        cli.main(["--db", path, "add-event", "halton", f"writer {number} event {written + refused}", "--on",
                  "2026-01-01", "--source", "S"], standalone_mode=False)
        written += 1
    except SystemExit as stop_code:
        if stop_code.code:
            refused += 1
        else:
            written += 1
    longest = max(longest, time.perf_counter() - started)
    time.sleep(0.02)
print(written, refused, round(longest, 2))
"""


def import_process(database: Path, path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "intervene", "--db", str(database), "import", "ofsted", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_writers_beside_an_import_all_go_through(tmp_path, db_path):
    """8 writers beside an import of a few seconds, each willing to wait half as long as the
    import takes alone (a busy timeout scaled to this machine): every write goes through,
    because the import holds the lock only for its inserts, a fraction of its run. Holding it
    for the whole import, as it did, refused them."""
    path = tmp_path / "outcomes.csv"
    total = outcomes_file(path, db_path, 45_000)
    alone = tmp_path / "alone.db"
    shutil.copy(db_path, alone)
    started = time.perf_counter()
    assert import_process(alone, path).wait(timeout=120) == 0
    patience = max(2, round((time.perf_counter() - started) / 2))

    stop = tmp_path / "stop"
    importing = import_process(db_path, path)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), str(number), str(stop), str(patience)],
            env={**os.environ, "INTERVENE_DB": str(db_path)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(8)
    ]
    assert importing.wait(timeout=120) == 0, importing.stderr.read()
    stop.touch()
    results = [worker.communicate(timeout=120) for worker in workers]
    counts = [tuple(map(float, out.splitlines()[-1].split())) for out, _ in results]
    print(f"patience {patience} s; each writer (written, refused, longest wait): {counts}")
    assert all(refused == 0 for _, refused, _ in counts), [err for _, err in results]
    assert imported(db_path, "outcomes.csv") == total
    with contextlib.closing(sqlite3.connect(db_path)) as check:
        written = check.execute("SELECT count(*) FROM events WHERE summary LIKE 'writer % event %'").fetchone()[0]
    assert written == sum(int(done) for done, _, _ in counts)
