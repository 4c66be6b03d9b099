"""Step 1, `create_tables`: the first schema. Released: never edit it.

Each statement is the text the released databases hold (tests/fixtures/schema-v1.sql),
whitespace included: SQLite keeps a CREATE statement as it was executed, so a
changed character here would give new databases a schema that upgraded ones lack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

STATEMENTS = (
    """CREATE TABLE authorities (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug = lower(slug)),
            name TEXT NOT NULL CHECK (name <> ''),
            short_name TEXT NOT NULL CHECK (short_name <> ''),
            ons_code TEXT UNIQUE,
            la_code INTEGER UNIQUE,
            region TEXT,
            kind TEXT CHECK (kind IN ('unitary', 'county', 'metropolitan borough', 'London borough', 'city corporation')),
            ceased_on TEXT CHECK (ceased_on IS NULL OR ceased_on GLOB '[12][0-9][0-9][0-9]' OR ceased_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR ceased_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            succeeded_by TEXT,
            source TEXT
        )""",
    """CREATE TABLE aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE CHECK (alias <> ''),
            authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE
        )""",
    """CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            authority_id INTEGER NOT NULL REFERENCES authorities(id),
            framework TEXT NOT NULL CHECK (framework <> ''),
            judgement TEXT NOT NULL CHECK (judgement <> ''),
            grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'adequate', 'requires improvement', 'inadequate')),
            framework_grade TEXT,
            inspected_on TEXT CHECK (inspected_on IS NULL OR inspected_on GLOB '[12][0-9][0-9][0-9]' OR inspected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR inspected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            published_on TEXT NOT NULL CHECK (published_on GLOB '[12][0-9][0-9][0-9]' OR published_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR published_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            inspectorate TEXT,
            source TEXT,
            notes TEXT,
            CHECK (published_on IS NULL OR inspected_on IS NULL OR substr(published_on, 1, min(length(published_on), length(inspected_on))) >= substr(inspected_on, 1, min(length(published_on), length(inspected_on)))),
            UNIQUE (authority_id, framework, judgement, published_on)
        )""",
    """CREATE TABLE interventions (
            id INTEGER PRIMARY KEY,
            authority_id INTEGER NOT NULL REFERENCES authorities(id),
            kind TEXT NOT NULL CHECK (kind IN ('intervention order', 'statutory direction', 'improvement notice', 'commissioner', 'advisers')),
            service TEXT,
            issued_on TEXT NOT NULL CHECK (issued_on GLOB '[12][0-9][0-9][0-9]' OR issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            issued_by TEXT,
            legal_basis TEXT,
            commissioner TEXT,
            deadline_on TEXT CHECK (deadline_on IS NULL OR deadline_on GLOB '[12][0-9][0-9][0-9]' OR deadline_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR deadline_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            ended_on TEXT CHECK (ended_on IS NULL OR ended_on GLOB '[12][0-9][0-9][0-9]' OR ended_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR ended_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            end_reason TEXT CHECK (end_reason IS NULL OR (ended_on IS NOT NULL AND
                end_reason IN ('lifted', 'revoked', 'superseded', 'expired'))),
            summary TEXT,
            source TEXT,
            notes TEXT,
            CHECK (deadline_on IS NULL OR issued_on IS NULL OR substr(deadline_on, 1, min(length(deadline_on), length(issued_on))) >= substr(issued_on, 1, min(length(deadline_on), length(issued_on)))),
            CHECK (ended_on IS NULL OR issued_on IS NULL OR substr(ended_on, 1, min(length(ended_on), length(issued_on))) >= substr(issued_on, 1, min(length(ended_on), length(issued_on))))
        )""",
    """CREATE TABLE contracts (
            id INTEGER PRIMARY KEY,
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
            CHECK (ends_on IS NULL OR starts_on IS NULL OR substr(ends_on, 1, min(length(ends_on), length(starts_on))) >= substr(starts_on, 1, min(length(ends_on), length(starts_on)))),
            CHECK (max_ends_on IS NULL OR ends_on IS NULL OR substr(max_ends_on, 1, min(length(max_ends_on), length(ends_on))) >= substr(ends_on, 1, min(length(max_ends_on), length(ends_on)))),
            CHECK (ended_on IS NULL OR starts_on IS NULL OR substr(ended_on, 1, min(length(ended_on), length(starts_on))) >= substr(starts_on, 1, min(length(ended_on), length(starts_on))))
        )""",
    """CREATE TABLE contract_partners (
            contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
            partner TEXT NOT NULL CHECK (partner <> ''),
            role TEXT,
            PRIMARY KEY (contract_id, partner)
        )""",
    """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            authority_id INTEGER NOT NULL REFERENCES authorities(id),
            happened_on TEXT NOT NULL CHECK (happened_on GLOB '[12][0-9][0-9][0-9]' OR happened_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]' OR happened_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            summary TEXT NOT NULL CHECK (summary <> ''),
            source TEXT,
            notes TEXT
        )""",
    """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            changed_at TEXT NOT NULL,
            table_name TEXT NOT NULL CHECK (table_name IN ('authorities', 'aliases', 'ratings', 'interventions', 'contracts', 'events')),
            row_id INTEGER NOT NULL,
            authority_id INTEGER,
            action TEXT NOT NULL CHECK (action IN ('add', 'end', 'extend', 'remove', 'import')),
            before TEXT,
            after TEXT
        )""",
    # The read paths: a council's facts in date order, and the reports' date scans.
    "CREATE INDEX ratings_by_authority ON ratings (authority_id, judgement, published_on)",
    "CREATE INDEX ratings_by_published ON ratings (published_on)",
    "CREATE INDEX interventions_by_authority ON interventions (authority_id, issued_on)",
    "CREATE INDEX interventions_by_issued ON interventions (issued_on)",
    "CREATE INDEX contracts_by_authority ON contracts (authority_id, starts_on)",
    "CREATE INDEX contracts_by_ends ON contracts (ends_on)",
    "CREATE INDEX contracts_by_intervention ON contracts (intervention_id)",
    "CREATE INDEX events_by_authority ON events (authority_id, happened_on)",
    "CREATE INDEX aliases_by_authority ON aliases (authority_id)",
    "CREATE INDEX changes_by_authority ON changes (authority_id, id)",
    "CREATE INDEX changes_by_row ON changes (table_name, row_id)",
)


def create_tables(db: Database) -> None:
    """The data model of DESIGN.md, with the constraints SQLite can hold."""
    for statement in STATEMENTS:
        db.execute(statement)
