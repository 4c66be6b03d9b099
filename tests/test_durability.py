"""Two writers at once, and a kill in the middle of an import: nothing lost, nothing half done."""

from __future__ import annotations

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
        cli.main(["--db", path, "add-event", "halton", f"worker {worker} event {number}", "--on", "2026-01-01"],
                 standalone_mode=False)
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


def test_a_killed_import_leaves_all_of_it_or_none(tmp_path, seeded_template):
    with sqlite3.connect(seeded_template) as template:
        codes = [row[0] for row in template.execute("SELECT ons_code FROM authorities WHERE ceased_on IS NULL")]
    template.close()
    path, total = large_outcomes_file(tmp_path, codes, months=40)
    rng = random.Random(24)
    outcomes = {"none": 0, "all": 0}
    for attempt in range(20):
        database = tmp_path / f"killed-{attempt}.db"
        shutil.copy(seeded_template, database)
        wal = Path(f"{database}-wal")
        process = subprocess.Popen(
            [sys.executable, "-m", "intervene", "--db", str(database), "import", "ofsted", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wait for the write to begin (the WAL grows), then kill at a random moment within it.
        deadline = time.time() + 60
        while time.time() < deadline and process.poll() is None and (not wal.exists() or wal.stat().st_size < 100_000):
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with sqlite3.connect(database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            imported = connection.execute(
                "SELECT count(*) FROM ratings WHERE source LIKE '%large-outcomes.csv%'"
            ).fetchone()[0]
            audited = connection.execute("SELECT count(*) FROM changes WHERE action = 'import'").fetchone()[0]
        connection.close()
        assert (imported, audited) in ((0, 0), (total, 1)), attempt
        outcomes["all" if imported else "none"] += 1
    print(f"20 kills: {outcomes['none']} left none of the import, {outcomes['all']} all of it")
    assert outcomes["none"] > 0  # some kills really did land inside the write
