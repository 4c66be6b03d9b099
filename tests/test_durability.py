"""Two writers at once, and a kill in the middle of an import: nothing lost, nothing half done."""

from __future__ import annotations

import contextlib
import csv
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

WORKER = """
import sys, time
from intervene.cli import cli
path, worker, start = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
while time.time() < start:
    time.sleep(0.001)
failures = 0
for number in range(100):
    try:
        cli.main(["--db", path, "add-event", "halton", f"worker {worker} event {number}", "--on", "2026-01-01",
                  "--source", "S"], standalone_mode=False)
    except SystemExit as stop:
        if stop.code:
            failures += 1
print(failures)
"""


def test_eight_writers_at_once_lose_nothing(db_path):
    start = time.time() + 3  # every worker imported and waiting before the first write
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path), str(n), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    outputs = [worker.communicate(timeout=240) for worker in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
        assert out.strip().splitlines()[-1] == "0", err
        assert "locked" not in err.lower()
        assert "Traceback" not in err
    with sqlite3.connect(db_path) as connection:
        written = connection.execute("SELECT count(*) FROM events WHERE summary LIKE 'worker % event %'").fetchone()[0]
        distinct = connection.execute(
            "SELECT count(DISTINCT summary) FROM events WHERE summary LIKE 'worker % event %'"
        ).fetchone()[0]
        audited = connection.execute("SELECT count(*) FROM changes WHERE table_name = 'events'").fetchone()[0]
    assert (written, distinct, audited) == (800, 800, 800)


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


def large_outcomes_file(folder: Path, codes: list[str], months: int) -> tuple[Path, int]:
    path = folder / "large-outcomes.csv"
    rows = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for month in range(months):
            published = date(1990, 1, 1) + timedelta(days=30 * month)
            for code in codes:
                writer.writerow(
                    [
                        code,
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
                rows += 1
    return path, rows * 5


def import_process(database: Path, path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "intervene", "--db", str(database), "import", "ofsted", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def write_lock_held(database: Path) -> bool:
    """Whether a writer holds the database's write lock now (asked without waiting)."""
    probe = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def what_was_imported(database: Path) -> tuple[int, int]:
    """(ratings from the large file, import audit entries), after checking the file is sound."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        imported = connection.execute(
            "SELECT count(*) FROM ratings WHERE source LIKE '%large-outcomes.csv%'"
        ).fetchone()[0]
        audited = connection.execute("SELECT count(*) FROM changes WHERE action = 'import'").fetchone()[0]
    return imported, audited


def test_a_killed_import_leaves_all_of_it_or_none(tmp_path, seeded_template):
    """SIGKILL at any moment of an import leaves the whole file imported, with its audit entry,
    or none of it. Three things must hold, or the test proves nothing: the import, left alone,
    imports the whole file; every kill leaves all or nothing; and some kills really did land
    while the import held the write lock, its rows part-written, and left nothing."""
    with contextlib.closing(sqlite3.connect(seeded_template)) as template:
        codes = [row[0] for row in template.execute("SELECT ons_code FROM authorities WHERE ceased_on IS NULL")]
    path, total = large_outcomes_file(tmp_path, codes, months=40)

    alone = tmp_path / "alone.db"
    shutil.copy(seeded_template, alone)
    started = time.perf_counter()
    assert import_process(alone, path).wait(timeout=120) == 0
    duration = time.perf_counter() - started
    assert what_was_imported(alone) == (total, 1)

    rng = random.Random(24)
    outcomes = []  # (how the kill was timed, whether the write lock was held at the kill, what was left)
    for attempt in range(16):
        database = tmp_path / f"killed-{attempt}.db"
        shutil.copy(seeded_template, database)
        process = import_process(database, path)
        if attempt % 2:
            timing = "at random"
            time.sleep(rng.uniform(0, duration))
            held = write_lock_held(database)
        else:
            # As soon as the import holds the write lock: inside its write, whatever its length.
            timing = "in the write"
            deadline = time.perf_counter() + 120
            held = False
            while process.poll() is None and time.perf_counter() < deadline and not held:
                held = write_lock_held(database)
                time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
        process.wait()
        left = what_was_imported(database)
        assert left in ((0, 0), (total, 1)), (attempt, timing, held, left)
        outcomes.append((timing, held, "all" if left[0] else "none"))
    print(f"import alone: {duration:.1f} s; kills (timing, lock held, left): {outcomes}")
    interrupted = [outcome for outcome in outcomes if outcome[1:] == (True, "none")]
    assert interrupted, "no kill landed inside the import's write, so atomicity went untested"
