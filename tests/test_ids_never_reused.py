"""An id, once given, is never given again: not after a remove, not after an upgrade."""

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from intervene import records
from intervene.db import open_database
from intervene.migrations import MIGRATION_NAMES, migration_set

FIXTURES = Path(__file__).parent / "fixtures"
ADD = {
    "event": ("add-event", "halton", "Something happened", "--on", "2026-01", "--source", "test"),
    "contract": (
        "add-contract",
        "halton",
        "--provider",
        "Acme",
        "--starts",
        "2026-04",
        "--term",
        "1y",
        "--source",
        "t",
    ),
    "rating": ("add-rating", "halton", "--grade", "good", "--published", "2026-10-01", "--source", "test"),
    "intervention": (
        "add-intervention",
        "halton",
        "--kind",
        "improvement notice",
        "--issued",
        "2026-10-01",
        "--source",
        "test",
    ),  # fmt: skip
}


@pytest.mark.parametrize("kind", ADD)
def test_removing_the_newest_then_adding_gives_a_fresh_id(run, connection, kind):
    table = records.REMOVABLE[kind]
    newest = connection.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    assert run("remove", kind, str(newest), "--yes").exit_code == 0
    result = run(*ADD[kind], "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == newest + 1
    # The audit trail names each id for one row only: the removed one, then the new one.
    trail = connection.execute("SELECT row_id, action FROM changes WHERE table_name = ? ORDER BY id", [table])
    assert [tuple(row) for row in trail] == [(newest, "remove"), (newest + 1, "add")]


def upgraded_from_v8(tmp_path) -> sqlite3.Connection:
    path = tmp_path / "v8.db"
    with sqlite3.connect(path) as old:
        old.executescript((FIXTURES / "schema-v8.sql").read_text())
    old.close()
    return open_database(path)


def test_an_upgraded_database_gives_no_id_its_audit_trail_names(tmp_path):
    """The v8 fixture's trail names event 5 and contract 7 (removed) and ratings up to 9 (an
    import's last): each table's next id comes after the highest kept or named."""
    connection = upgraded_from_v8(tmp_path)
    sequences = dict(connection.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
    assert sequences == {
        "authorities": 3,
        "ratings": 9,
        "interventions": 4,
        "contracts": 7,
        "events": 5,
        "changes": 6,
    }
    event = records.add_event(connection, authority_id=1, happened_on="2026-05", summary="Next", source="test")
    contract = records.add_contract(
        connection, authority_id=1, provider="Acme", starts_on="2026-05", ends_on=None, source="test"
    )
    assert (event["id"], contract["id"]) == (6, 8)
    assert connection.execute("SELECT max(id) FROM changes").fetchone()[0] == 8


def _normalised(sql: str) -> str:
    """A CREATE statement's meaning: its words, without the quotes around a renamed table's name,
    the layout, or the AUTOINCREMENT step 9 adds."""
    sql = re.sub(r'CREATE (TABLE|INDEX|UNIQUE INDEX) "(\w+)"', r"CREATE \1 \2", sql)
    sql = sql.replace(" AUTOINCREMENT", "").replace('"', "")
    return re.sub(r"\s+", "", sql)


def test_step_9_keeps_every_column_check_reference_and_index(tmp_path):
    """Each rebuilt table is the table it was (the same CREATE text but for AUTOINCREMENT and
    layout), with the same indexes; and the rows, foreign keys and generated dates hold."""
    with sqlite3.connect(":memory:") as old:
        old.executescript((FIXTURES / "schema-v8.sql").read_text())
        before = {
            name: (kind, _normalised(sql))
            for kind, name, sql in old.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        }
    # The schema as step 9 left it, before later steps added to it.
    at_step_9 = sqlite3.connect(":memory:")
    at_step_9.executescript((FIXTURES / "schema-v8.sql").read_text())
    migration_set().apply(Database(at_step_9), stop_before=MIGRATION_NAMES[9])
    after = {
        name: (kind, _normalised(sql))
        for kind, name, sql in at_step_9.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        if name != "sqlite_sequence"
    }
    assert after == before
    connection = upgraded_from_v8(tmp_path)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    dated = connection.execute("SELECT id, dated_on FROM ratings ORDER BY id").fetchall()
    assert [tuple(row) for row in dated] == [(1, "2006-11-01"), (2, "2017-07-12"), (3, "2024-03-04")]
    # The references still act: a contract's partners go with it, as they did before.
    records.remove(connection, "contract", 1)
    assert connection.execute("SELECT count(*) FROM contract_partners").fetchone()[0] == 0
