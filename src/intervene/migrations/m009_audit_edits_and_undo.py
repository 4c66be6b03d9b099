"""Step 9, `audit_edits_and_undo`. Released: never edit it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_CHANGES_V9 = """CREATE TABLE changes_v9 (
    id INTEGER PRIMARY KEY,
    changed_at TEXT NOT NULL,
    table_name TEXT NOT NULL CHECK (table_name IN ('authorities', 'aliases', 'ratings', 'interventions', 'contracts',
                                                   'events')),
    row_id INTEGER NOT NULL,
    authority_id INTEGER,
    action TEXT NOT NULL CHECK (action IN ('add', 'end', 'extend', 'remove', 'import', 'confirm', 'edit', 'reopen',
                                           'undo')),
    before TEXT,
    after TEXT,
    undoes INTEGER,
    CHECK (undoes IS NULL OR action = 'undo')
)"""


def audit_edits_and_undo(db: Database) -> None:
    """The audit trail learns three actions: 'edit' (a correction of a stored fact), 'reopen' (an
    end taken back) and 'undo' (a change reversed), and an undo names the change it reversed in
    `undoes`, so that the trail says what happened and why. SQLite cannot change a CHECK, so the
    table is rebuilt with every row."""
    for statement in (
        _CHANGES_V9,
        "INSERT INTO changes_v9 (id, changed_at, table_name, row_id, authority_id, action, before, after)"
        " SELECT id, changed_at, table_name, row_id, authority_id, action, before, after FROM changes ORDER BY id",
        "DROP TABLE changes",
        "ALTER TABLE changes_v9 RENAME TO changes",
        "CREATE INDEX changes_by_authority ON changes (authority_id, id)",
        "CREATE INDEX changes_by_row ON changes (table_name, row_id)",
    ):
        db.execute(statement)
