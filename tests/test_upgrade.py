"""Every released schema opens with the current code: migrated, backed up first, no row lost or changed."""

import sqlite3
from pathlib import Path

import pytest

from intervene.db import open_database
from intervene.migrations import MIGRATION_NAMES

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("authorities", "aliases", "ratings", "interventions", "contracts", "contract_partners", "events", "changes")
# Each released schema: (fixture, the steps it has).
RELEASED = [("schema-v1.sql", 1), ("schema-v2.sql", 2), ("schema-v3.sql", 3), ("schema-v4.sql", 4)]


def rows(connection, table, columns=None):
    names = columns or [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    return names, [tuple(row) for row in connection.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid")]


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
        assert rows(connection, table, columns)[1] == values, table
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
