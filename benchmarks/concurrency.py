"""Writers beside a long import: do writes queue, or are they refused?

    python benchmarks/concurrency.py [--writers 16] [--import-seconds 60] [--ratings N] [--keep FOLDER]

A script, not a test: timings on a shared machine are noisy. It builds a seeded database and
an Ofsted outcomes file large enough for `import ofsted` to take about --import-seconds on
this machine (estimated from a small import; --ratings sets the size instead), times that
import alone, then runs it again with --writers processes beside it, each running `intervene
add-event …` in a loop until the import has finished. It reports how many writes succeeded and
how many were refused, the longest and the median time a write took (its command's whole run,
start-up included) and how many said they were waiting for another writer; then checks that
every write that succeeded, and the whole import, are in the database. CONCURRENCY_TRACE=1
lists every write, by when it started.

The import holds the write lock only while it copies its rows in, so the longest write is
about that long; the writers' start-ups compete with the import for the processors, so
beside them it takes longer than alone.

Exits 1 if any write was refused or anything is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import ENVIRONMENT, INTERVENE, outcomes_file  # noqa: E402


def run_import(database: Path, source: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*INTERVENE, "--db", str(database), "import", "ofsted", str(source), "--json"],
        env=ENVIRONMENT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def import_rate(folder: Path, seeded: Path) -> float:
    """Ratings a second that `import ofsted` loads here, from a small import."""
    source = folder / "calibrate.csv"
    count = outcomes_file(source, seeded, 100_000)
    database = folder / "calibrate.db"
    shutil.copy(seeded, database)
    started = time.perf_counter()
    process = run_import(database, source)
    out, err = process.communicate()
    if process.returncode:
        raise SystemExit(f"the calibrating import failed: {err}")
    return count / (time.perf_counter() - started)


def worker(database: str, number: int, stop_file: str, log: str) -> None:
    """Run `intervene add-event` in a loop until `stop_file` appears; one JSON line a write in
    `log` (a file: a pipe nobody reads until the end would fill and stop the writer)."""
    with open(log, "w") as out:
        attempt = 0
        while not os.path.exists(stop_file):
            summary = f"writer {number} event {attempt}"
            at, started = time.time(), time.perf_counter()
            done = subprocess.run(
                [
                    *INTERVENE,
                    "--db",
                    database,
                    "add-event",
                    "halton",
                    summary,
                    "--on",
                    "2026-01-01",
                    "--source",
                    "Benchmark",
                    "--json",
                ],
                env=ENVIRONMENT,
                capture_output=True,
                text=True,
            )
            write = {
                "summary": summary,
                "at": at,
                "ok": done.returncode == 0,
                "seconds": time.perf_counter() - started,
                "waited": "waiting for another writer" in done.stderr.lower(),
                "error": done.stderr.strip().splitlines()[-1] if done.returncode else None,
            }
            print(json.dumps(write), file=out, flush=True)
            attempt += 1


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--import-seconds", type=float, default=60.0, help="How long the import should take alone.")
    parser.add_argument("--ratings", type=int, help="The import's size in ratings (instead of --import-seconds).")
    parser.add_argument("--keep", type=Path, help="Build the files here and keep them.")
    arguments = parser.parse_args()

    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="intervene-concurrency-"))
    folder.mkdir(parents=True, exist_ok=True)
    seeded = folder / "seeded.db"
    if not seeded.exists():
        subprocess.run(
            [*INTERVENE, "init", str(seeded)],
            env=ENVIRONMENT,
            stdout=subprocess.DEVNULL,
            check=True,
        )
    ratings = arguments.ratings
    if ratings is None:
        rate = import_rate(folder, seeded)
        ratings = int(rate * arguments.import_seconds)
        print(f"import rate here, alone: {rate:,.0f} ratings/s", file=sys.stderr)
    source = folder / "large-outcomes.csv"
    ratings = outcomes_file(source, seeded, ratings)
    alone = folder / "alone.db"
    shutil.copy(seeded, alone)
    print(f"importing {ratings:,} ratings alone …", file=sys.stderr)
    started = time.perf_counter()
    if run_import(alone, source).wait():
        raise SystemExit("the import failed")
    alone_seconds = time.perf_counter() - started
    alone.unlink()
    database = folder / "contended.db"
    shutil.copy(seeded, database)
    stop_file = folder / "stop"
    stop_file.unlink(missing_ok=True)
    print(f"importing {ratings:,} ratings beside {arguments.writers} writers …", file=sys.stderr)

    started, began = time.perf_counter(), time.time()
    importing = run_import(database, source)
    logs = [folder / f"writer-{number}.jsonl" for number in range(arguments.writers)]
    writers = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", str(database), str(number), str(stop_file), str(log)],
            env=ENVIRONMENT,
        )
        for number, log in enumerate(logs)
    ]
    import_out, import_err = importing.communicate()
    import_seconds = time.perf_counter() - started
    stop_file.touch()
    for process in writers:
        process.wait()
    writes = [json.loads(line) for log in logs for line in log.read_text().splitlines()]

    succeeded = [write for write in writes if write["ok"]]
    refused = [write for write in writes if not write["ok"]]
    seconds = sorted(write["seconds"] for write in writes)
    with sqlite3.connect(database) as connection:
        stored = {row[0] for row in connection.execute("SELECT summary FROM events WHERE summary LIKE 'writer %'")}
        imported = connection.execute(
            "SELECT count(*) FROM ratings WHERE source LIKE '%large-outcomes.csv%'"
        ).fetchone()[0]
    connection.close()
    missing = [write["summary"] for write in succeeded if write["summary"] not in stored]

    print(
        f"import: {'ok' if importing.returncode == 0 else 'FAILED ' + import_err.strip()}, "
        f"{imported:,} of {ratings:,} ratings in {import_seconds:.1f} s beside the writers "
        f"({alone_seconds:.1f} s alone)"
    )
    print(f"writes: {len(writes)} attempted, {len(succeeded)} succeeded, {len(refused)} refused")
    if seconds:
        print(
            f"a write took: longest {seconds[-1]:.2f} s, median {statistics.median(seconds):.2f} s; "
            f"{sum(write['waited'] for write in writes)} said they were waiting for another writer"
        )
    if os.environ.get("CONCURRENCY_TRACE"):
        for write in sorted(writes, key=lambda write: write["at"]):
            print(f"    {write['at'] - began:7.2f} {write['seconds']:6.2f} {write['ok']} {write['summary']}")
    for write in sorted(writes, key=lambda write: -write["seconds"])[:3]:
        print(f"  {write['seconds']:.2f} s from {write['at'] - began:.1f} s: {write['summary']}")
    for write in refused[:5]:
        print(f"  refused: {write['summary']}: {write['error']}")
    if missing:
        print(f"  {len(missing)} writes reported as done are not in the database, e.g. {missing[0]}")
    if not arguments.keep:
        shutil.rmtree(folder, ignore_errors=True)
    failed = refused or missing or importing.returncode or imported != ratings
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
