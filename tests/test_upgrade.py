"""Every released schema opens with the current code: migrated, backed up first, no row lost or changed."""

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from intervene import records
from intervene.db import open_database
from intervene.migrations import MIGRATION_NAMES, migration_set

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("authorities", "aliases", "ratings", "interventions", "contracts", "contract_partners", "events", "changes")
# Each released schema: (fixture, the steps it has).
RELEASED = [
    ("schema-v1.sql", 1),
    ("schema-v2.sql", 2),
    ("schema-v3.sql", 3),
    ("schema-v4.sql", 4),
    ("schema-v5.sql", 5),
    ("schema-v6.sql", 6),
    ("schema-v7.sql", 7),
    ("schema-v8.sql", 8),
    ("schema-v9.sql", 9),
    ("schema-v10.sql", 10),
]
# Step 6 (register_of_instruments) rewrites these three columns of interventions by a fixed rule,
# checked below; every other column of every table is kept as it was.
REWRITTEN = {"interventions": {"kind", "service", "notes"}}


def rows_of(values, columns, kept):
    return [tuple(row[columns.index(column)] for column in kept) for row in values]


def rows(connection, table, columns=None):
    names = columns or [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    return names, [tuple(row) for row in connection.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid")]


def from_fixture(path, fixture):
    """A database at `path` made from a released schema's dump."""
    with sqlite3.connect(path) as old:
        old.executescript((FIXTURES / fixture).read_text())
    old.close()
    return path


def schema(connection):
    """Every table and index as SQLite holds it, with the exact text of its CREATE statement."""
    return [
        tuple(row) for row in connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
    ]


def differing(one, other):
    return sorted({name for _, name, _, _ in set(one) ^ set(other)})


@pytest.mark.parametrize("fixture, steps", RELEASED)
def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path, connection, fixture, steps):
    """Every released schema, upgraded, ends with the very text a new database holds: a shipped
    step whose SQL changed after release (as step 1's did, when the helpers building it were
    edited) would leave old and new databases with different tables."""
    upgraded = open_database(from_fixture(tmp_path / "old.db", fixture))
    new = schema(connection)
    assert schema(upgraded) == new, (
        f"upgraded from {fixture}, these differ from a new one: {differing(schema(upgraded), new)}"
    )


# (the schema before a step, None for an empty database; the released schema after it)
EACH_STEP = list(zip([None] + [fixture for fixture, _ in RELEASED[:-1]], [fixture for fixture, _ in RELEASED]))


@pytest.mark.parametrize("before, after", EACH_STEP, ids=[after for _, after in EACH_STEP])
def test_each_step_makes_the_schema_it_released(tmp_path, before, after):
    """Each released step, run on the schema before it, makes exactly the schema it shipped with:
    every table and index, to the character."""
    path = tmp_path / "step.db"
    if before:
        from_fixture(path, before)
    steps = int(after.removeprefix("schema-v").removesuffix(".sql"))
    with sqlite3.connect(path) as connection:
        migration_set().apply(Database(connection), stop_before=MIGRATION_NAMES[steps])
        made = schema(connection)
    connection.close()
    with sqlite3.connect(from_fixture(tmp_path / "released.db", after)) as released:
        expected = schema(released)
    released.close()
    assert made == expected, f"step {steps} differs from {after} in: {differing(made, expected)}"


@pytest.mark.parametrize("fixture, steps", RELEASED)
def test_an_old_database_is_migrated_with_every_row_kept(tmp_path, fixture, steps):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.executescript((FIXTURES / fixture).read_text())
    old.close()
    with sqlite3.connect(path) as old:
        before = {table: rows(old, table) for table in TABLES}
    old.close()

    messages = []
    connection = open_database(path, notify=messages.append)
    backup = tmp_path / f"old.db.bak-v{steps}"
    assert messages == [
        f"Backed up {path} to {backup} before upgrading its schema.",
        f"Upgraded {path}: applied {', '.join(MIGRATION_NAMES[steps:])}.",
    ]
    applied = [row[0] for row in connection.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == list(MIGRATION_NAMES)
    for table, (columns, values) in before.items():
        kept = [column for column in columns if column not in REWRITTEN.get(table, ())]
        assert rows(connection, table, kept)[1] == rows_of(values, columns, kept), table
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    with sqlite3.connect(backup) as saved:
        assert {table: rows(saved, table) for table in TABLES} == before
    # Opening it again changes nothing and writes no second backup.
    messages.clear()
    open_database(path, notify=messages.append).close()
    assert messages == []


def test_every_step_but_the_newest_has_a_fixture():
    """A new schema step means the previous schema was released: keep a fixture of it."""
    assert sorted(steps for _, steps in RELEASED) == list(range(1, len(MIGRATION_NAMES)))


def test_old_kinds_become_instruments_and_an_unlisted_service_moves_to_the_notes(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.executescript((FIXTURES / "schema-v5.sql").read_text())
    old.close()
    connection = open_database(path)
    upgraded = connection.execute(
        "SELECT id, kind, name_at_time, service, notes, last_confirmed_on FROM interventions ORDER BY id"
    ).fetchall()
    assert [tuple(row) for row in upgraded] == [
        (1, "statutory direction", "intervention order", None, None, None),
        (2, "non-statutory support", "advisers", "children's services", "[inferred] end", None),
        (3, "commissioner appointment", None, None, "Service as recorded: safeguarding.", None),
    ]
    # The contracts still serve the interventions they served (dropping the old table nulled them).
    links = connection.execute("SELECT id, intervention_id FROM contracts ORDER BY id").fetchall()
    assert [tuple(row) for row in links] == [(1, 1), (2, None), (3, 3)]


def test_the_tables_step_6_rebuilds_are_the_same_upgraded_as_new(tmp_path):
    """A database migrated from an old release has the same register tables, columns, checks and
    indexes as one made today (every other table too: see the test of the whole schema above)."""
    old_path, new_path = tmp_path / "old.db", tmp_path / "new.db"
    with sqlite3.connect(old_path) as old:
        old.executescript((FIXTURES / "schema-v1.sql").read_text())
    old.close()
    upgraded = open_database(old_path)
    fresh = open_database(new_path)
    schema = (
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ('interventions', 'changes', 'contract_partners')"
        " ORDER BY type, name"
    )
    assert [tuple(row) for row in upgraded.execute(schema)] == [tuple(row) for row in fresh.execute(schema)]


def test_step_11_keeps_the_audit_trail_its_ids_and_its_sequence(tmp_path):
    """The v10 fixture's trail ends at entry 6 but its sequence is at 8 (entries were pruned):
    rebuilt to learn edit, reopen and undo, the trail keeps every entry and gives no id twice,
    and the search index's triggers (which never read the trail) still keep the index."""
    connection = open_database(from_fixture(tmp_path / "v10.db", "schema-v10.sql"))
    assert [row[0] for row in connection.execute("SELECT id FROM changes ORDER BY id")] == [1, 2, 3, 4, 5, 6]
    assert connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()[0] == 8
    assert "AUTOINCREMENT" in connection.execute("SELECT sql FROM sqlite_master WHERE name = 'changes'").fetchone()[0]
    indexes = connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'changes'")
    assert sorted(row[0] for row in indexes) == ["changes_by_authority", "changes_by_row"]
    records.edit(connection, "event", 1, {"summary": "Contract awarded to Serco"})
    change = connection.execute("SELECT id, action, undoes FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(change) == (9, "edit", None)
    found = connection.execute("SELECT rowid FROM search_index WHERE search_index MATCH 'serco' ORDER BY rowid")
    assert [row[0] for row in found] == [1 * 8 + 4, 1 * 8 + 5]
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute(
            "INSERT INTO changes (changed_at, table_name, row_id, action, undoes) VALUES ('x', 'events', 1, 'edit', 2)"
        )
