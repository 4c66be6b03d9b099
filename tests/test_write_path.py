"""The write path, run as a user runs it: each write holds the database lock only for its SQL.

A module imported inside a write transaction holds every other writer off the
database while it loads (sqlite-utils took ~40-90 ms, against ~1 ms for the
write itself), so these run each command in a fresh interpreter on an existing
database and look at what was imported, and when.
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "ocds-release-package.json"

# Runs the command line with `write_transaction` watched: which modules each
# transaction imported, and at the end every sqlite_utils module loaded at all.
PROBE = """
import contextlib, json, sys
import intervene.db as db

transactions = []
original = db.write_transaction


@contextlib.contextmanager
def watched(connection, **options):
    before = set(sys.modules)
    try:
        with original(connection, **options) as held:
            yield held
    finally:
        transactions.append(sorted(set(sys.modules) - before))


db.write_transaction = watched
from intervene.cli import cli

try:
    cli(sys.argv[1:], prog_name="intervene")
except SystemExit as stop:
    assert not stop.code, stop.code
loaded = sorted(name for name in sys.modules if name.partition(".")[0] == "sqlite_utils")
print(json.dumps({"transactions": transactions, "sqlite_utils": loaded}), file=sys.stderr)
"""

WRITES = [
    ["add-event", "halton", "A new director", "--on", "2026-01-01", "--source", "S"],
    [
        "add-rating",
        "halton",
        "--grade",
        "good",
        "--inspected",
        "2024-01-08",
        "--published",
        "2024-02-20",
        "--source",
        "Ofsted report",
    ],
    ["add-intervention", "halton", "--kind", "improvement notice", "--issued", "2026-01-01", "--source", "S"],
    ["end-intervention", "{in_force}", "--on", "2026-10-01", "--reason", "lifted", "--source", "S"],
    [
        "add-contract",
        "halton",
        "--provider",
        "Acme",
        "--starts",
        "2026-04-01",
        "--term",
        "3y",
        "--partner",
        "Beta",
        "--source",
        "S",
    ],
    ["extend-contract", "{extendable}", "--to", "2099-12-31"],
    ["end-contract", "{running}", "--on", "2026-01-01"],
    ["remove", "event", "{event}", "--yes"],
    [
        "add-authority",
        "Testshire County Council",
        "--ons-code",
        "E10000999",
        "--kind",
        "county",
        "--region",
        "South East",
        "--source",
        "S",
    ],
    ["import", "ocds", str(FIXTURE)],
]


# Rows of the seed to change, found rather than numbered, so that the seed may grow.
ROWS = {
    "in_force": "SELECT min(id) FROM interventions WHERE ended_on IS NULL AND issued_on < '2026-10'",
    "extendable": "SELECT min(id) FROM contracts WHERE ended_on IS NULL AND max_ends_on IS NULL AND ends_on < '2099'",
    "running": "SELECT min(id) FROM contracts WHERE ended_on IS NULL AND starts_on < '2026'"
    " AND (ends_on IS NULL OR ends_on >= '2026')",
    "event": "SELECT min(id) FROM events",
}


def changes(db_path: Path) -> int:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT count(*) FROM changes").fetchone()[0]


def with_rows(db_path: Path, command: list[str]) -> list[str]:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        rows = {name: connection.execute(sql).fetchone()[0] for name, sql in ROWS.items()}
    assert None not in rows.values(), rows
    return [str(rows[part[1:-1]]) if part[:1] == "{" and part[-1:] == "}" else part for part in command]


@pytest.mark.parametrize("command", WRITES, ids=lambda command: " ".join(command[:2]))
def test_a_write_imports_nothing_inside_its_transaction_and_no_sqlite_utils(db_path, command):
    """sqlite-utils is for schema steps only; a write on a current database never loads it."""
    before = changes(db_path)
    environment = {**os.environ, "INTERVENE_DB": str(db_path), "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *with_rows(db_path, command)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stderr.strip().splitlines()[-1])
    assert seen["sqlite_utils"] == []
    assert len(seen["transactions"]) == 1  # the probe saw the write, and it was one transaction
    packages = sorted({name.partition(".")[0] for name in seen["transactions"][0]})
    assert packages == [], f"imported inside the write transaction: {', '.join(packages)}"
    assert changes(db_path) > before
