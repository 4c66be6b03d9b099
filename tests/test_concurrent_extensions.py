"""Two `extend-contract --by` at once, each in its own process: both count, one after the other.

`--by` moves the end on from where it stands, so the end must be read in the same write
transaction that moves it. Read before the write lock is taken, two extensions at once
both read the same end: the first moves it on a year and the second, finding its new end
already there, is refused.
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys

# Runs the command line, saying on stderr when the write transaction is asked for (by then,
# anything read before it has been read) and, at the end, what the transaction imported.
PROBE = """
import contextlib, json, sys
import intervene.db as db

original = db.write_transaction
imported = []


@contextlib.contextmanager
def announced(connection, **options):
    print("asking for the write lock", file=sys.stderr, flush=True)
    before = set(sys.modules)
    try:
        with original(connection, **options) as held:
            yield held
    finally:
        imported.extend(sorted(set(sys.modules) - before))


db.write_transaction = announced
from intervene.cli import cli

try:
    cli(sys.argv[1:], prog_name="intervene")
finally:
    print(json.dumps(imported), file=sys.stderr)
"""


def test_two_extensions_by_a_year_at_once_both_count(db_path):
    with contextlib.closing(sqlite3.connect(db_path)) as setup:
        contract, ends_on = setup.execute(
            "SELECT id, ends_on FROM contracts WHERE ends_on = '2025-09-30' AND max_ends_on IS NULL"
            " AND ended_on IS NULL"
        ).fetchone()
        changes = setup.execute("SELECT count(*) FROM changes").fetchone()[0]
    environment = {**os.environ, "INTERVENE_DB": str(db_path), "COLUMNS": "100"}
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held until both are waiting for it
    try:
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", PROBE, "extend-contract", str(contract), "--by", "1y"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=environment,
            )
            for _ in range(2)
        ]
        for writer in writers:
            assert writer.stderr is not None
            assert writer.stderr.readline() == "asking for the write lock\n"
    finally:
        holder.rollback()
        holder.close()
    outcomes = [writer.communicate(timeout=60) for writer in writers]
    for writer, (_, err) in zip(writers, outcomes):
        assert writer.returncode == 0, err
        assert json.loads(err.strip().splitlines()[-1]) == []  # nothing imported holding the lock
    shown = sorted(out.strip().split(", to ")[1].split(",")[0] for out, _ in outcomes)
    assert shown == ["30 Sep 2026", "30 Sep 2027"]
    with contextlib.closing(sqlite3.connect(db_path)) as after:
        assert after.execute("SELECT ends_on FROM contracts WHERE id = ?", [contract]).fetchone()[0] == "2027-09-30"
        audited = after.execute(
            "SELECT before, after FROM changes WHERE table_name = 'contracts' AND row_id = ? AND action = 'extend'"
            " ORDER BY id",
            [contract],
        ).fetchall()
        assert after.execute("SELECT count(*) FROM changes").fetchone()[0] == changes + 2
    assert [(json.loads(b)["ends_on"], json.loads(a)["ends_on"]) for b, a in audited] == [
        (ends_on, "2026-09-30"),
        ("2026-09-30", "2027-09-30"),
    ]
