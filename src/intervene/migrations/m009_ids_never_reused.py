"""Step 9, `ids_never_reused`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# Every table with a key of its own, and every table that refers to one (its reference would
# otherwise follow the old table when it is renamed aside), parents before children.
_SET_ASIDE = (
    "ALTER TABLE authorities RENAME TO authorities_v8",
    "ALTER TABLE aliases RENAME TO aliases_v8",
    "ALTER TABLE successions RENAME TO successions_v8",
    "ALTER TABLE ratings RENAME TO ratings_v8",
    "ALTER TABLE interventions RENAME TO interventions_v8",
    "ALTER TABLE contracts RENAME TO contracts_v8",
    "ALTER TABLE contract_partners RENAME TO contract_partners_v8",
    "ALTER TABLE events RENAME TO events_v8",
    "ALTER TABLE changes RENAME TO changes_v8",
)

# Each table as it was, column for column, check for check, but for AUTOINCREMENT on its key.
_TABLES = (
    """CREATE TABLE authorities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug = lower(slug)),
    name TEXT NOT NULL CHECK (name <> ''),
    short_name TEXT NOT NULL CHECK (short_name <> ''),
    ons_code TEXT UNIQUE,
    la_code INTEGER UNIQUE,
    region TEXT,
    kind TEXT CHECK (kind IN ('unitary', 'county', 'metropolitan borough', 'London borough', 'city corporation')),
    ceased_on TEXT CHECK (ceased_on IS NULL OR ceased_on GLOB '[12][0-9][0-9][0-9]' OR ceased_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR ceased_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    succeeded_by TEXT,
    source TEXT,
    created_on TEXT CHECK (created_on IS NULL OR created_on GLOB '[12][0-9][0-9][0-9]' OR created_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR created_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')
)""",
    """CREATE TABLE aliases (
    alias TEXT PRIMARY KEY COLLATE NOCASE CHECK (alias <> ''),
    authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE
)""",
    """CREATE TABLE successions (
    predecessor_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    successor_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
    CHECK (predecessor_id <> successor_id),
    PRIMARY KEY (predecessor_id, successor_id)
)""",
    """CREATE TABLE ratings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    authority_id INTEGER NOT NULL REFERENCES authorities(id),
    framework TEXT NOT NULL CHECK (framework <> ''),
    judgement TEXT NOT NULL CHECK (judgement <> ''),
    grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'adequate', 'requires improvement', 'inadequate')),
    framework_grade TEXT,
    inspected_on TEXT CHECK (inspected_on IS NULL OR inspected_on GLOB '[12][0-9][0-9][0-9]'
        OR inspected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR inspected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    published_on TEXT CHECK (published_on IS NULL OR published_on GLOB '[12][0-9][0-9][0-9]'
        OR published_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR published_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    dated_on TEXT GENERATED ALWAYS AS (coalesce(published_on, inspected_on)) VIRTUAL NOT NULL,
    inspectorate TEXT,
    source TEXT,
    notes TEXT,
    CHECK (published_on IS NULL OR inspected_on IS NULL OR (substr(published_on, 1, min(length(published_on),
        length(inspected_on))) >= substr(inspected_on, 1, min(length(published_on), length(inspected_on))))),
    UNIQUE (authority_id, framework, judgement, dated_on)
)""",
    """CREATE TABLE interventions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
)""",
    """CREATE TABLE contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    authority_id INTEGER NOT NULL REFERENCES authorities(id),
    intervention_id INTEGER REFERENCES interventions(id) ON DELETE SET NULL,
    provider TEXT NOT NULL CHECK (provider <> ''),
    scope TEXT,
    value_pence INTEGER CHECK (value_pence IS NULL OR value_pence >= 0),
    currency TEXT NOT NULL DEFAULT 'GBP' CHECK (length(currency) = 3),
    starts_on TEXT NOT NULL CHECK (starts_on GLOB '[12][0-9][0-9][0-9]' OR starts_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR starts_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on TEXT CHECK (ends_on IS NULL OR ends_on GLOB '[12][0-9][0-9][0-9]' OR ends_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR ends_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    max_ends_on TEXT CHECK (max_ends_on IS NULL OR max_ends_on GLOB '[12][0-9][0-9][0-9]' OR max_ends_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR max_ends_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ended_on TEXT CHECK (ended_on IS NULL OR ended_on GLOB '[12][0-9][0-9][0-9]' OR ended_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR ended_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    source TEXT,
    notes TEXT,
    ocid TEXT,
    ocds_contract_id TEXT,
    CHECK (ends_on IS NULL OR starts_on IS NULL OR substr(ends_on, 1, min(length(ends_on), length(starts_on))) >= substr(starts_on, 1, min(length(ends_on), length(starts_on)))),
    CHECK (max_ends_on IS NULL OR ends_on IS NULL OR substr(max_ends_on, 1, min(length(max_ends_on), length(ends_on))) >= substr(ends_on, 1, min(length(max_ends_on), length(ends_on)))),
    CHECK (ended_on IS NULL OR starts_on IS NULL OR substr(ended_on, 1, min(length(ended_on), length(starts_on))) >= substr(starts_on, 1, min(length(ended_on), length(starts_on))))
)""",
    """CREATE TABLE contract_partners (
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    partner TEXT NOT NULL CHECK (partner <> ''),
    role TEXT,
    joined_on TEXT CHECK (joined_on IS NULL OR joined_on GLOB '[12][0-9][0-9][0-9]' OR joined_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR joined_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    left_on TEXT CHECK (left_on IS NULL OR left_on GLOB '[12][0-9][0-9][0-9]' OR left_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR left_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    source TEXT,
    PRIMARY KEY (contract_id, partner)
)""",
    """CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    authority_id INTEGER NOT NULL REFERENCES authorities(id),
    happened_on TEXT NOT NULL CHECK (happened_on GLOB '[12][0-9][0-9][0-9]' OR happened_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR happened_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    summary TEXT NOT NULL CHECK (summary <> ''),
    source TEXT,
    notes TEXT
)""",
    """CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    changed_at TEXT NOT NULL,
    table_name TEXT NOT NULL CHECK (table_name IN ('authorities', 'aliases', 'ratings', 'interventions', 'contracts',
                                                   'events')),
    row_id INTEGER NOT NULL,
    authority_id INTEGER,
    action TEXT NOT NULL CHECK (action IN ('add', 'end', 'extend', 'remove', 'import', 'confirm')),
    before TEXT,
    after TEXT
)""",
)

# Every row, with its id (and a keyless table's rowid), parents first so that each reference is met.
_COPIES = (
    "INSERT INTO authorities (id, slug, name, short_name, ons_code, la_code, region, kind, ceased_on, succeeded_by,"
    " source, created_on) SELECT id, slug, name, short_name, ons_code, la_code, region, kind, ceased_on, succeeded_by,"
    " source, created_on FROM authorities_v8 ORDER BY id",
    "INSERT INTO aliases (rowid, alias, authority_id) SELECT rowid, alias, authority_id FROM aliases_v8 ORDER BY rowid",
    "INSERT INTO successions (rowid, predecessor_id, successor_id) SELECT rowid, predecessor_id, successor_id"
    " FROM successions_v8 ORDER BY rowid",
    "INSERT INTO ratings (id, authority_id, framework, judgement, grade, framework_grade, inspected_on, published_on,"
    " inspectorate, source, notes) SELECT id, authority_id, framework, judgement, grade, framework_grade, inspected_on,"
    " published_on, inspectorate, source, notes FROM ratings_v8 ORDER BY id",
    "INSERT INTO interventions (id, authority_id, kind, name_at_time, service, issued_on, issued_by, legal_basis,"
    " commissioner, deadline_on, replaces_id, ended_on, end_reason, end_source, last_confirmed_on,"
    " last_confirmed_source, summary, source, confidence, notes) SELECT id, authority_id, kind, name_at_time, service,"
    " issued_on, issued_by, legal_basis, commissioner, deadline_on, replaces_id, ended_on, end_reason, end_source,"
    " last_confirmed_on, last_confirmed_source, summary, source, confidence, notes FROM interventions_v8 ORDER BY id",
    "INSERT INTO contracts (id, authority_id, intervention_id, provider, scope, value_pence, currency, starts_on,"
    " ends_on, max_ends_on, ended_on, source, notes, ocid, ocds_contract_id) SELECT id, authority_id, intervention_id,"
    " provider, scope, value_pence, currency, starts_on, ends_on, max_ends_on, ended_on, source, notes, ocid,"
    " ocds_contract_id FROM contracts_v8 ORDER BY id",
    "INSERT INTO contract_partners (rowid, contract_id, partner, role, joined_on, left_on, source) SELECT rowid,"
    " contract_id, partner, role, joined_on, left_on, source FROM contract_partners_v8 ORDER BY rowid",
    "INSERT INTO events (id, authority_id, happened_on, summary, source, notes) SELECT id, authority_id, happened_on,"
    " summary, source, notes FROM events_v8 ORDER BY id",
    "INSERT INTO changes (id, changed_at, table_name, row_id, authority_id, action, before, after) SELECT id,"
    " changed_at, table_name, row_id, authority_id, action, before, after FROM changes_v8 ORDER BY id",
)

# Children before parents: nothing refers to a table when it goes, so no ON DELETE action runs.
_DROPS = (
    "DROP TABLE contract_partners_v8",
    "DROP TABLE aliases_v8",
    "DROP TABLE successions_v8",
    "DROP TABLE events_v8",
    "DROP TABLE ratings_v8",
    "DROP TABLE contracts_v8",
    "DROP TABLE interventions_v8",
    "DROP TABLE changes_v8",
    "DROP TABLE authorities_v8",
)

# The indexes the old tables had, by the same names.
_INDEXES = (
    "CREATE INDEX authorities_by_region ON authorities (region)",
    "CREATE INDEX aliases_by_authority ON aliases (authority_id)",
    "CREATE INDEX successions_by_successor ON successions (successor_id)",
    "CREATE INDEX ratings_by_authority ON ratings (authority_id, judgement, dated_on)",
    "CREATE INDEX ratings_by_dated ON ratings (dated_on)",
    "CREATE INDEX interventions_by_authority ON interventions (authority_id, issued_on)",
    "CREATE INDEX interventions_by_issued ON interventions (issued_on)",
    "CREATE INDEX interventions_by_ended ON interventions (ended_on)",
    "CREATE INDEX interventions_by_replaced ON interventions (replaces_id)",
    "CREATE INDEX contracts_by_authority ON contracts (authority_id, starts_on)",
    "CREATE INDEX contracts_by_ends ON contracts (ends_on)",
    "CREATE INDEX contracts_by_intervention ON contracts (intervention_id)",
    "CREATE UNIQUE INDEX contracts_by_ocds_id ON contracts (ocid, ocds_contract_id)",
    "CREATE INDEX contracts_by_last_day_covering ON contracts (coalesce(ended_on, ends_on), authority_id, provider,"
    " value_pence, currency, starts_on, ends_on, max_ends_on, ended_on, intervention_id, scope, source)",
    "CREATE INDEX events_by_authority ON events (authority_id, happened_on)",
    "CREATE INDEX changes_by_authority ON changes (authority_id, id)",
    "CREATE INDEX changes_by_row ON changes (table_name, row_id)",
)

# Each table's next id comes after the highest it has ever given: the highest kept, and the
# highest the audit trail names (a removed row, or the last of an Ofsted import's ratings).
_SEQUENCES = (
    "DELETE FROM sqlite_sequence WHERE name IN ('authorities', 'ratings', 'interventions', 'contracts', 'events',"
    " 'changes')",
    """INSERT INTO sqlite_sequence (name, seq)
    SELECT name, max(seq) FROM (
        SELECT 'authorities' AS name, max(id) AS seq FROM authorities
        UNION ALL SELECT 'ratings', max(id) FROM ratings
        UNION ALL SELECT 'interventions', max(id) FROM interventions
        UNION ALL SELECT 'contracts', max(id) FROM contracts
        UNION ALL SELECT 'events', max(id) FROM events
        UNION ALL SELECT 'changes', max(id) FROM changes
        UNION ALL SELECT table_name, max(row_id) FROM changes
            WHERE table_name IN ('authorities', 'ratings', 'interventions', 'contracts', 'events') GROUP BY table_name
        UNION ALL SELECT 'ratings', max(CAST(json_extract(after, '$.last_id') AS INTEGER)) FROM changes
            WHERE table_name = 'ratings' AND action = 'import' AND json_valid(after)
    ) WHERE seq IS NOT NULL GROUP BY name""",
)


def ids_never_reused(db: Database) -> None:
    """An id, once given, is never given again: without AUTOINCREMENT SQLite hands out the
    highest id plus one, so removing the newest event and adding another gave the new one the
    removed one's id, and the audit trail then told of two events under one id.

    SQLite cannot add AUTOINCREMENT to a key, so each table is rebuilt with every row and its
    id, its checks, generated column, references and indexes as they were. This runs in one
    transaction with foreign keys enforced (PRAGMA foreign_keys cannot change inside one), so
    dropping a table still referred to would run its ON DELETE actions (deleting aliases and
    partners, unlinking contracts). Instead the old tables are renamed aside (their references
    follow them), the new ones made under the real names and filled, parents first, and the
    old dropped children first, when nothing refers to them. Each table's sequence then starts
    past every id it kept or the audit trail names.
    """
    for statement in (*_SET_ASIDE, *_TABLES, *_COPIES, *_DROPS, *_INDEXES, *_SEQUENCES):
        db.execute(statement)
