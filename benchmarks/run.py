"""Time the commands against what their libraries cost, in one run, and judge each target.

    python benchmarks/run.py [--runs 31] [--quick] [--keep FOLDER]

Everything is compared as a ratio of medians measured in the same run, so a
busy or slow machine moves both sides. The project is byte-compiled first, as
an installed wheel is. The targets:

  1. `status stoke` piped ≤ 1.15 × `python -c "import click, sqlite3, json"`, and with
     --table (the terminal's card) ≤ 1.15 × `python -c "import click, rich.console, sqlite3"`
  2. `report --expiring --json`, `report --under-intervention --json`,
     `search serco --json`, `search trust --since 2015 --json`
     ≤ 1.2 × `python -c "import click, sqlite3, json"`
  3. on a database a thousand times the seed (benchmarks/synthetic.py), status,
     each report and the searches ≤ 1.5 × their time on the seed
  4. loading 1,000,000 ratings through `import ofsted` ≥ 0.5 × the rate of a
     bare sqlite3 executemany of the same rows into the same schema, with peak
     memory ≤ 150 MiB
  5. `status stoke` peak memory ≤ 40 MiB
  6. each table (report, timeline, authorities, search) as a script or pipe gets it
     (plain aligned text) ≤ 1.3 × the same command's --json on the seed and ≤ 2 ×
     on the thousand-fold database; laid out for a terminal (--table: fitted,
     wrapped, painted) ≤ 1.3 × on the seed and ≤ 2.5 × on the thousand-fold
     database, where tens of thousands of rows go to a pager
  7. `export` (JSON) of the synthetic database ≤ 3 × SQLite writing the same
     tables as JSON itself (`sqlite3 -json`, or a Python sqlite3 equivalent
     where the sqlite3 command is absent), with peak memory ≤ 64 MiB

Exits 1 when a target is missed. --quick uses a synthetic database and a load
a twentieth of the size (the verdicts then say nothing about scale).
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

PYTHON = sys.executable
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENVIRONMENT["COLUMNS"] = "80"
# The console script, as a user runs it (python -m would add runpy's cost).
_SCRIPT = Path(PYTHON).with_name("intervene")
INTERVENE = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "intervene"]
FLOOR_RICH = [PYTHON, "-c", "import click, rich.console, sqlite3"]
FLOOR_JSON = [PYTHON, "-c", "import click, sqlite3, json"]
SCALE_COMMANDS = {
    "status stoke": ["status", "stoke"],
    "report --under-intervention --json": ["report", "--under-intervention", "--json"],
    "report --expiring --json": ["report", "--expiring", "--json"],
    "report --deadlines --json": ["report", "--deadlines", "--json"],
    "report --ratings --region 'West Midlands' --grade inadequate --json": [
        "report",
        "--ratings",
        "--region",
        "West Midlands",
        "--grade",
        "inadequate",
        "--json",
    ],
    "timeline stoke --json": ["timeline", "stoke", "--json"],
    "search serco --json": ["search", "serco", "--json"],
    "search trust --since 2015 --json": ["search", "trust", "--since", "2015", "--json"],
}
# The tables held to their own --json (target 6), laid out for a terminal and piped. Not
# --over-time: its table is a row a period, and on the synthetic database its query alone
# takes seconds (see docs/performance.md).
TABLES = {
    "report --under-intervention": ["report", "--under-intervention"],
    "report --expiring": ["report", "--expiring"],
    "report --deadlines": ["report", "--deadlines"],
    "report --ratings": ["report", "--ratings"],
    "report --changes": ["report", "--changes"],
    "timeline stoke": ["timeline", "stoke"],
    "authorities": ["authorities"],
    "search trust": ["search", "trust"],
}
# Scripted reads held to the JSON import floor (target 2).
FLOOR_JSON_COMMANDS = (
    "report --expiring --json",
    "report --under-intervention --json",
    "search serco --json",
    "search trust --since 2015 --json",
)


def export_floor(database: Path) -> tuple[str, list[str]]:
    """What SQLite alone costs to write every exported table as JSON: its own command when
    installed, else Python's sqlite3 with SQLite building each row (--json-floor); and its name."""
    from intervene.render.exports import EXPORTED_TABLES

    command = shutil.which("sqlite3")
    if command:
        statements = "; ".join(f"SELECT * FROM {table} ORDER BY rowid" for table in EXPORTED_TABLES)
        return "sqlite3 -json", [command, "-json", str(database), statements]
    return "sqlite3 json_object", [PYTHON, str(Path(__file__).resolve()), "--json-floor", str(database)]


def json_floor(database: Path) -> None:
    """The stand-in for `sqlite3 -json`: each table a JSON array, each row an object SQLite writes."""
    from intervene.render.exports import BATCH, EXPORTED_TABLES

    connection = sqlite3.connect(database)
    write = sys.stdout.write
    for table in EXPORTED_TABLES:
        names = [column[0] for column in connection.execute(f"SELECT * FROM {table} LIMIT 0").description]
        pairs = ", ".join(f"'{name}', \"{name}\"" for name in names)
        cursor = connection.execute(f"SELECT json_object({pairs}) FROM {table} ORDER BY rowid")
        separator = "["
        while batch := cursor.fetchmany(BATCH):
            write(separator + ",\n".join([text for (text,) in batch]))
            separator = ",\n"
        if separator != "[":
            write("]\n")


def measure(*commands: list[str], runs: int, warmups: int = 2) -> list[tuple[float, int]]:
    """For each command, the median wall time in seconds of `runs` runs and the largest peak
    resident memory in KiB. The commands take turns, run by run, so that a spell of load on a
    shared machine falls on both sides of a ratio rather than on one."""
    times: list[list[float]] = [[] for _ in commands]
    peaks: list[list[int]] = [[] for _ in commands]
    for number in range(warmups + runs):
        for index, command in enumerate(commands):
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            exit_code = os.waitstatus_to_exitcode(status)
            if exit_code != 0:
                raise SystemExit(f"{' '.join(command)} exited {exit_code}")
            if number >= warmups:
                times[index].append(elapsed)
                peaks[index].append(usage.ru_maxrss)
    return [(statistics.median(spent), max(peak)) for spent, peak in zip(times, peaks)]


def rows_returned(command: list[str], database: Path) -> int | None:
    """The number of rows a --json report prints (None for anything else)."""
    if "--json" not in command:
        return None
    printed = subprocess.run(
        [*INTERVENE, "--db", str(database), *command], env=ENVIRONMENT, capture_output=True, text=True, check=True
    ).stdout
    answer = json.loads(printed)
    return len(answer) if isinstance(answer, list) else None


def bulk_rows(codes: list[str], ratings: int):
    """Outcome rows (five judgements each) for `codes`, one inspection a day back from the end of 2005."""
    rows = ratings // 5
    for number in range(rows):
        code = codes[number % len(codes)]
        published = date(2005, 12, 31) - timedelta(days=number // len(codes))  # before any seeded rating
        yield [
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


OUTCOMES_HEADER = [
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


def outcomes_file(path: Path, seeded: Path, ratings: int) -> int:
    """An outcomes CSV of about `ratings` new ratings (five a row) for the seeded councils; returns how many."""
    with sqlite3.connect(seeded) as connection:
        codes = [row[0] for row in connection.execute("SELECT ons_code FROM authorities WHERE ceased_on IS NULL")]
    connection.close()
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(OUTCOMES_HEADER)
        writer.writerows(bulk_rows(codes, ratings))
    return ratings // 5 * 5


def bulk_load(folder: Path, seeded: Path, ratings: int) -> dict:
    """Rates of the project's import and of a bare executemany of the same rows; the import's peak memory."""
    source = folder / "bulk.csv"
    outcomes_file(source, seeded, ratings)

    target = folder / "bulk-import.db"
    shutil.copy(seeded, target)
    started = time.perf_counter()
    process = subprocess.Popen(
        [*INTERVENE, "--db", str(target), "import", "ofsted", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENVIRONMENT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    import_seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the import failed: {process.stderr.read().decode()}")
    with sqlite3.connect(target) as connection:
        loaded = connection.execute("SELECT count(*) FROM ratings WHERE source LIKE '%bulk.csv%'").fetchone()[0]

    # The bare load runs in its own process too, so that neither side's memory colours the other.
    bare = folder / "bulk-bare.db"
    shutil.copy(seeded, bare)
    timed = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--bare-load", str(bare), str(source)],
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        check=True,
    )
    bare_rows, bare_seconds = timed.stdout.split()
    bare_rows, bare_seconds = int(bare_rows), float(bare_seconds)
    return {
        "rows": loaded,
        "import_seconds": import_seconds,
        "bare_seconds": bare_seconds,
        "import_rate": loaded / import_seconds,
        "bare_rate": bare_rows / bare_seconds,
        "peak_mib": usage.ru_maxrss / 1024,
    }


def bare_load(database: Path, source: Path) -> None:
    """The floor for bulk loading: the file's rows as tuples, then one executemany into the same schema."""
    judgements = (
        "overall effectiveness",
        "impact of leaders",
        "help and protection",
        "children in care",
        "care leavers",
    )
    with sqlite3.connect(database) as connection, source.open(newline="") as handle:
        ids = dict(connection.execute("SELECT ons_code, id FROM authorities"))
        reader = csv.reader(handle)
        next(reader)
        tuples = [
            (
                ids[row[0]],
                "ILACS",
                judgement,
                published.split(" to ")[0].lower().replace("requires improvement to be good", "requires improvement"),
                published,
                "-".join(reversed(row[2].split("/"))),
                "-".join(reversed(row[3].split("/"))),
                "Ofsted",
                "bulk.csv",
                None,
            )
            for row in reader
            for judgement, published in zip(judgements, row[4:9])
        ]
        started = time.perf_counter()
        connection.executemany(
            "INSERT INTO ratings (authority_id, framework, judgement, grade, framework_grade, inspected_on,"
            " published_on, inspectorate, source, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            tuples,
        )
        connection.commit()
        print(len(tuples), time.perf_counter() - started)


def main() -> None:
    if sys.argv[1:2] == ["--bare-load"]:
        bare_load(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    if sys.argv[1:2] == ["--json-floor"]:
        json_floor(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--quick", action="store_true", help="Small synthetic database and load.")
    parser.add_argument("--keep", type=Path, help="Build the databases here and keep them.")
    arguments = parser.parse_args()

    import intervene

    compileall.compile_dir(str(Path(intervene.__file__).parent), quiet=1)
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="intervene-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    seeded = folder / "seeded.db"
    if not seeded.exists():
        subprocess.run(
            [*INTERVENE, "init", str(seeded)],
            env=ENVIRONMENT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
    scale = 0.05 if arguments.quick else 1.0
    synthetic_path = folder / f"synthetic-{scale}.db"
    if not synthetic_path.exists():
        print(f"building the synthetic database ({scale}×) …", file=sys.stderr)
        subprocess.run(
            [PYTHON, str(ROOT / "benchmarks" / "synthetic.py"), str(synthetic_path), "--scale", str(scale)],
            env=ENVIRONMENT,
            check=True,
        )

    runs = arguments.runs
    rows: list[tuple[str, str, str, str, bool]] = []

    def judge(name: str, value: float, limit: float, shown: str, *, at_least: bool = False) -> None:
        passed = value >= limit if at_least else value <= limit
        rows.append((name, shown, f"{value:.2f}", f"{'≥' if at_least else '≤'} {limit}", passed))

    status = [*INTERVENE, "--db", str(seeded), "status", "stoke"]
    (floor_json, _), (floor_rich, _), (status_seconds, status_kib), (card_seconds, _) = measure(
        FLOOR_JSON, FLOOR_RICH, status, [*status, "--table"], runs=runs
    )
    judge(
        "status stoke piped / JSON import floor",
        status_seconds / floor_json,
        1.15,
        f"{status_seconds * 1000:.0f} ms / {floor_json * 1000:.0f} ms",
    )
    judge(
        "status stoke --table / rich import floor",
        card_seconds / floor_rich,
        1.15,
        f"{card_seconds * 1000:.0f} ms / {floor_rich * 1000:.0f} ms",
    )
    for name in FLOOR_JSON_COMMANDS:
        (floor_json, _), (seconds, _) = measure(
            FLOOR_JSON, [*INTERVENE, "--db", str(seeded), *SCALE_COMMANDS[name]], runs=runs
        )
        judge(
            f"{name} / import floor", seconds / floor_json, 1.2, f"{seconds * 1000:.0f} ms / {floor_json * 1000:.0f} ms"
        )
    for name, command in SCALE_COMMANDS.items():
        (small, _), (large, _) = measure(
            [*INTERVENE, "--db", str(seeded), *command], [*INTERVENE, "--db", str(synthetic_path), *command], runs=runs
        )
        # How many rows each side returns: a report whose answer grows with the data costs more.
        answers = (rows_returned(command, synthetic_path), rows_returned(command, seeded))
        judge(
            f"{name}: synthetic / seed",
            large / small,
            1.5,
            f"{large * 1000:.0f} ms / {small * 1000:.0f} ms"
            + (" ({:,} / {:,} rows)".format(*answers) if None not in answers else ""),
        )
    for database, label, limits in ((seeded, "seed", (1.3, 1.3)), (synthetic_path, "synthetic", (2.0, 2.5))):
        for name, command in TABLES.items():
            base = [*INTERVENE, "--db", str(database), *command]
            (json_seconds, _), (plain_seconds, _), (table_seconds, _) = measure(
                [*base, "--json"], base, [*base, "--table"], runs=runs
            )
            for form, seconds, limit in (("piped", plain_seconds, limits[0]), ("--table", table_seconds, limits[1])):
                judge(
                    f"{name} {form} / --json ({label})",
                    seconds / json_seconds,
                    limit,
                    f"{seconds * 1000:.0f} ms / {json_seconds * 1000:.0f} ms",
                )
    load = bulk_load(folder, seeded, int(1_000_000 * scale))
    judge(
        "import ofsted rate / bare executemany rate",
        load["import_rate"] / load["bare_rate"],
        0.5,
        f"{load['import_rate']:,.0f} / {load['bare_rate']:,.0f} rows/s ({load['rows']:,} rows)",
        at_least=True,
    )
    judge("import ofsted peak memory (MiB)", load["peak_mib"], 150, f"{load['peak_mib']:.0f} MiB")
    judge("status stoke peak memory (MiB)", status_kib / 1024, 40, f"{status_kib / 1024:.0f} MiB")
    # Seconds a run on the large database, so fewer runs; the order of the tables is the same on both sides.
    floor_name, floor_command = export_floor(synthetic_path)
    (floor_seconds, _), (export_seconds, export_kib) = measure(
        floor_command, [*INTERVENE, "--db", str(synthetic_path), "export"], runs=min(runs, 5), warmups=1
    )
    judge(
        f"export (synthetic) / {floor_name}",
        export_seconds / floor_seconds,
        3,
        f"{export_seconds * 1000:,.0f} ms / {floor_seconds * 1000:,.0f} ms",
    )
    judge("export (synthetic) peak memory (MiB)", export_kib / 1024, 64, f"{export_kib / 1024:.0f} MiB")

    width = max(len(row[0]) for row in rows)
    print(f"{'measure':<{width}}  {'medians':<44}  {'ratio':>7}  {'target':<7}  verdict")
    for name, shown, value, target, passed in rows:
        print(f"{name:<{width}}  {shown:<44}  {value:>7}  {target:<7}  {'PASS' if passed else 'FAIL'}")
    failed = sum(not row[4] for row in rows)
    print(f"\n{len(rows) - failed} passed, {failed} failed")
    if not arguments.keep:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
