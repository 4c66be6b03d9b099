"""Step 6, `register_of_instruments`. Released: never edit it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

_REGISTER_TABLE = """CREATE TABLE interventions_v6 (
    id INTEGER PRIMARY KEY,
    authority_id INTEGER NOT NULL REFERENCES authorities(id),
    kind TEXT NOT NULL CHECK (kind IN ('statutory direction', 'improvement notice', 'commissioner appointment',
                                       'non-statutory support')),
    name_at_time TEXT CHECK (name_at_time IS NULL OR name_at_time <> ''),
    service TEXT CHECK (service IS NULL OR service IN ('children''s services', 'children''s social care',
                                                        'education', 'SEND')),
    issued_on TEXT NOT NULL CHECK (issued_on GLOB '[12][0-9][0-9][0-9]' OR issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
                                   OR issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    issued_by TEXT,
    legal_basis TEXT,
    commissioner TEXT,
    deadline_on TEXT CHECK (deadline_on IS NULL OR deadline_on GLOB '[12][0-9][0-9][0-9]'
                            OR deadline_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
                            OR deadline_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    replaces_id INTEGER REFERENCES interventions(id) CHECK (replaces_id IS NULL OR replaces_id <> id),
    ended_on TEXT CHECK (ended_on IS NULL OR ended_on GLOB '[12][0-9][0-9][0-9]'
                         OR ended_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
                         OR ended_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    end_reason TEXT CHECK (end_reason IS NULL OR (ended_on IS NOT NULL AND end_reason IN (
        'lifted', 'revoked', 'replaced', 'superseded', 'expired', 'abolished'))),
    end_source TEXT CHECK (end_source IS NULL OR ended_on IS NOT NULL),
    last_confirmed_on TEXT CHECK (last_confirmed_on IS NULL OR last_confirmed_on GLOB '[12][0-9][0-9][0-9]'
                                  OR last_confirmed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'
                                  OR last_confirmed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    last_confirmed_source TEXT CHECK (last_confirmed_source IS NULL OR last_confirmed_on IS NOT NULL),
    summary TEXT,
    source TEXT,
    confidence TEXT CHECK (confidence IS NULL OR confidence IN ('high', 'medium', 'low')),
    notes TEXT,
    CHECK (deadline_on IS NULL OR substr(deadline_on, 1, min(length(deadline_on), length(issued_on)))
                                  >= substr(issued_on, 1, min(length(deadline_on), length(issued_on)))),
    CHECK (ended_on IS NULL OR substr(ended_on, 1, min(length(ended_on), length(issued_on)))
                               >= substr(issued_on, 1, min(length(ended_on), length(issued_on)))),
    CHECK (last_confirmed_on IS NULL OR substr(last_confirmed_on, 1, min(length(last_confirmed_on), length(issued_on)))
                                        >= substr(issued_on, 1, min(length(last_confirmed_on), length(issued_on))))
)"""
_CHANGES_TABLE = """CREATE TABLE changes_v6 (
    id INTEGER PRIMARY KEY,
    changed_at TEXT NOT NULL,
    table_name TEXT NOT NULL CHECK (table_name IN ('authorities', 'aliases', 'ratings', 'interventions', 'contracts',
                                                   'events')),
    row_id INTEGER NOT NULL,
    authority_id INTEGER,
    action TEXT NOT NULL CHECK (action IN ('add', 'end', 'extend', 'remove', 'import', 'confirm')),
    before TEXT,
    after TEXT
)"""


def register_of_instruments(db: Database) -> None:
    """Interventions become legal instruments: the kind is the instrument (the name used at the
    time is kept beside it), the service is one of a fixed list, a revised instrument points to
    the one it replaced, and an instrument with no end carries the last day a source showed it
    in force, with that source. Ends carry their own source. `changes` learns 'confirm'.
    Partners of a contract get the dates they joined and left.

    SQLite cannot change a CHECK, so both tables are rebuilt with every row. Old kinds map to
    instruments by law ('intervention order' was a direction under s497A; 'advisers' and
    'commissioner' keep their word as the name used at the time); a service outside the list
    is kept in the notes. Dropping the old table would null contracts' links to it (ON DELETE
    SET NULL), so the links are put back afterwards.
    """
    db.execute(_REGISTER_TABLE)
    db.execute(
        """INSERT INTO interventions_v6 (id, authority_id, kind, name_at_time, service, issued_on, issued_by,
               legal_basis, commissioner, deadline_on, ended_on, end_reason, summary, source, notes)
           SELECT id, authority_id,
               CASE kind WHEN 'intervention order' THEN 'statutory direction'
                         WHEN 'commissioner' THEN 'commissioner appointment'
                         WHEN 'advisers' THEN 'non-statutory support' ELSE kind END,
               CASE WHEN kind IN ('intervention order', 'advisers') THEN kind END,
               CASE lower(trim(service)) WHEN 'children''s services' THEN 'children''s services'
                    WHEN 'children''s social care' THEN 'children''s social care'
                    WHEN 'education' THEN 'education' WHEN 'send' THEN 'SEND' END,
               issued_on, issued_by, legal_basis, commissioner, deadline_on, ended_on, end_reason, summary, source,
               CASE WHEN service IS NULL OR lower(trim(service)) IN (
                        'children''s services', 'children''s social care', 'education', 'send') THEN notes
                    ELSE trim(coalesce(notes, '') || ' Service as recorded: ' || service || '.') END
           FROM interventions ORDER BY id"""
    )
    db.execute(
        "CREATE TEMP TABLE contract_links AS SELECT id, intervention_id FROM contracts WHERE intervention_id IS NOT NULL"
    )
    db.execute("DROP TABLE interventions")
    db.execute("ALTER TABLE interventions_v6 RENAME TO interventions")
    db.execute(
        "UPDATE contracts SET intervention_id = (SELECT intervention_id FROM temp.contract_links l WHERE l.id = contracts.id)"
        " WHERE id IN (SELECT id FROM temp.contract_links)"
    )
    db.execute("DROP TABLE temp.contract_links")
    for statement in (
        "CREATE INDEX interventions_by_authority ON interventions (authority_id, issued_on)",
        "CREATE INDEX interventions_by_issued ON interventions (issued_on)",
        "CREATE INDEX interventions_by_ended ON interventions (ended_on)",
        "CREATE INDEX interventions_by_replaced ON interventions (replaces_id)",
        _CHANGES_TABLE,
        "INSERT INTO changes_v6 SELECT id, changed_at, table_name, row_id, authority_id, action, before, after"
        " FROM changes ORDER BY id",
        "DROP TABLE changes",
        "ALTER TABLE changes_v6 RENAME TO changes",
        "CREATE INDEX changes_by_authority ON changes (authority_id, id)",
        "CREATE INDEX changes_by_row ON changes (table_name, row_id)",
        "ALTER TABLE contract_partners ADD COLUMN joined_on TEXT CHECK (joined_on IS NULL OR joined_on GLOB"
        " '[12][0-9][0-9][0-9]' OR joined_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'"
        " OR joined_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')",
        "ALTER TABLE contract_partners ADD COLUMN left_on TEXT CHECK (left_on IS NULL OR left_on GLOB"
        " '[12][0-9][0-9][0-9]' OR left_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'"
        " OR left_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')",
        "ALTER TABLE contract_partners ADD COLUMN source TEXT",
    ):
        db.execute(statement)
