"""Step 11, `audit_edits_and_undo`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# The audit trail as step 9 made it, with three more actions and `undoes`.
_CHANGES = """CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
    `undoes`, so that the trail says what happened and why.

    SQLite cannot change a CHECK, so the table is rebuilt with every row and id, as step 9 rebuilt
    it: the old one renamed aside (its sequence row follows it), the new one made under the real
    name and filled, the old one's sequence given to the new one (so no audit id is given twice),
    the old one dropped and the indexes made again. Nothing refers to `changes`, and no trigger
    reads it."""
    for statement in (
        "ALTER TABLE changes RENAME TO changes_v10",
        _CHANGES,
        "INSERT INTO changes (id, changed_at, table_name, row_id, authority_id, action, before, after)"
        " SELECT id, changed_at, table_name, row_id, authority_id, action, before, after FROM changes_v10 ORDER BY id",
        "DELETE FROM sqlite_sequence WHERE name = 'changes'",
        "UPDATE sqlite_sequence SET name = 'changes' WHERE name = 'changes_v10'",
        "DROP TABLE changes_v10",
        "CREATE INDEX changes_by_authority ON changes (authority_id, id)",
        "CREATE INDEX changes_by_row ON changes (table_name, row_id)",
    ):
        db.execute(statement)
