"""The schema, as ordered migrations: append a new step, never edit one that has shipped.

Each step takes a sqlite-utils Database. sqlite-utils itself is imported only
when a database needs migrating (see `migration_set`), so reading an up-to-date
database never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "intervene"

GRADE_WORDS = ("outstanding", "good", "adequate", "requires improvement", "inadequate")
AUTHORITY_KINDS = ("unitary", "county", "metropolitan borough", "London borough", "city corporation")
# The words of step 1, as released; step 6 replaced the first three (the current lists are in vocab).
_STEP1_INTERVENTION_KINDS = ("intervention order", "statutory direction", "improvement notice", "commissioner", "advisers")
_STEP1_END_REASONS = ("lifted", "revoked", "superseded", "expired")
_STEP1_CHANGE_ACTIONS = ("add", "end", "extend", "remove", "import")
AUDITED_TABLES = ("authorities", "aliases", "ratings", "interventions", "contracts", "events")


def listed(column: str, values: tuple[str, ...]) -> str:
    """SQL: the column holds one of these fixed words."""
    listed = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({listed})"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"CHECK ({listed(column, values)})"


def iso_date_shape(column: str) -> str:
    """SQL: the column holds ISO text at year, month or day precision (shape only; days are checked in Python)."""
    return "(" + " OR ".join(
        f"{column} GLOB '{shape}'"
        for shape in (
            "[12][0-9][0-9][0-9]",
            "[12][0-9][0-9][0-9]-[01][0-9]",
            "[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]",
        )
    ) + ")"


def not_before(later: str, earlier: str) -> str:
    """SQL: `later` is not before `earlier`, compared at the coarser of their precisions."""
    width = f"min(length({later}), length({earlier}))"
    return f"(substr({later}, 1, {width}) >= substr({earlier}, 1, {width}))"


def _iso_date(column: str, *, required: bool = False) -> str:
    null = "" if required else f"{column} IS NULL OR "
    return f"{column} TEXT{' NOT NULL' if required else ''} CHECK ({null}{iso_date_shape(column)})"


def _not_before(later: str, earlier: str) -> str:
    return f"CHECK ({later} IS NULL OR {earlier} IS NULL OR {not_before(later, earlier)})"


def create_tables(db: Database) -> None:
    """The data model of DESIGN.md, with the constraints SQLite can hold."""
    statements = [
        f"""CREATE TABLE authorities (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug = lower(slug)),
            name TEXT NOT NULL CHECK (name <> ''),
            short_name TEXT NOT NULL CHECK (short_name <> ''),
            ons_code TEXT UNIQUE,
            la_code INTEGER UNIQUE,
            region TEXT,
            kind TEXT {_one_of('kind', AUTHORITY_KINDS)},
            {_iso_date('ceased_on')},
            succeeded_by TEXT,
            source TEXT
        )""",
        """CREATE TABLE aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE CHECK (alias <> ''),
            authority_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE
        )""",
        f"""CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            authority_id INTEGER NOT NULL REFERENCES authorities(id),
            framework TEXT NOT NULL CHECK (framework <> ''),
            judgement TEXT NOT NULL CHECK (judgement <> ''),
            grade TEXT NOT NULL {_one_of('grade', GRADE_WORDS)},
            framework_grade TEXT,
            {_iso_date('inspected_on')},
            {_iso_date('published_on', required=True)},
            inspectorate TEXT,
            source TEXT,
            notes TEXT,
            {_not_before('published_on', 'inspected_on')},
            UNIQUE (authority_id, framework, judgement, published_on)
        )""",
        f"""CREATE TABLE interventions (
            id INTEGER PRIMARY KEY,
            authority_id INTEGER NOT NULL REFERENCES authorities(id),
            kind TEXT NOT NULL {_one_of('kind', _STEP1_INTERVENTION_KINDS)},
            service TEXT,
            {_iso_date('issued_on', required=True)},
            issued_by TEXT,
            legal_basis TEXT,
            commissioner TEXT,
            {_iso_date('deadline_on')},
            {_iso_date('ended_on')},
            end_reason TEXT CHECK (end_reason IS NULL OR (ended_on IS NOT NULL AND {listed('end_reason', _STEP1_END_REASONS)})),
            summary TEXT,
            source TEXT,
            notes TEXT,
            {_not_before('deadline_on', 'issued_on')},
            {_not_before('ended_on', 'issued_on')}
        )""",
        f"""CREATE TABLE contracts (
            id INTEGER PRIMARY KEY,
            authority_id INTEGER NOT NULL REFERENCES authorities(id),
            intervention_id INTEGER REFERENCES interventions(id) ON DELETE SET NULL,
            provider TEXT NOT NULL CHECK (provider <> ''),
            scope TEXT,
            value_pence INTEGER CHECK (value_pence IS NULL OR value_pence >= 0),
            currency TEXT NOT NULL DEFAULT 'GBP' CHECK (length(currency) = 3),
            {_iso_date('starts_on', required=True)},
            {_iso_date('ends_on')},
            {_iso_date('max_ends_on')},
            {_iso_date('ended_on')},
            source TEXT,
            notes TEXT,
            {_not_before('ends_on', 'starts_on')},
            {_not_before('max_ends_on', 'ends_on')},
            {_not_before('ended_on', 'starts_on')}
        )""",
        """CREATE TABLE contract_partners (
            contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
            partner TEXT NOT NULL CHECK (partner <> ''),
            role TEXT,
            PRIMARY KEY (contract_id, partner)
        )""",
        f"""CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            authority_id INTEGER NOT NULL REFERENCES authorities(id),
            {_iso_date('happened_on', required=True)},
            summary TEXT NOT NULL CHECK (summary <> ''),
            source TEXT,
            notes TEXT
        )""",
        f"""CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            changed_at TEXT NOT NULL,
            table_name TEXT NOT NULL {_one_of('table_name', AUDITED_TABLES)},
            row_id INTEGER NOT NULL,
            authority_id INTEGER,
            action TEXT NOT NULL {_one_of('action', _STEP1_CHANGE_ACTIONS)},
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
    ]
    for statement in statements:
        db.execute(statement)


def add_contract_ocds_ids(db: Database) -> None:
    """Contracts loaded from Open Contracting data keep their OCID and contract id, so a reload adds nothing."""
    contracts = db["contracts"]
    contracts.add_column("ocid", str)
    contracts.add_column("ocds_contract_id", str)
    contracts.create_index(["ocid", "ocds_contract_id"], index_name="contracts_by_ocds_id", unique=True)


def index_end_dates(db: Database) -> None:
    """Indexes for 'in force on D' and 'ends within W': the reports seek instead of scanning."""
    db.execute("CREATE INDEX interventions_by_ended ON interventions (ended_on)")
    db.execute("CREATE INDEX contracts_by_last_day ON contracts (coalesce(ended_on, ends_on))")


def index_authority_regions(db: Database) -> None:
    """Reports filtered by region seek the region's councils instead of reading every council."""
    db["authorities"].create_index(["region"], index_name="authorities_by_region")


def cover_contract_windows(db: Database) -> None:
    """`report --expiring` and `--expired` answer from one index; it replaces contracts_by_last_day,
    whose expression leads it.

    After the last day they seek by, the index holds every column the two reports read
    (reports._contracts), so a report of thousands of contracts reads its rows in end
    order from the index instead of from pages all over the table.
    """
    db.execute(
        "CREATE INDEX contracts_by_last_day_covering ON contracts (coalesce(ended_on, ends_on), authority_id,"
        " provider, value_pence, currency, starts_on, ends_on, max_ends_on, ended_on, intervention_id, scope, source)"
    )
    db.execute("DROP INDEX contracts_by_last_day")





# Step 6's table, written out in full: a released step never changes, whatever the helpers above become.
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
    db.execute("CREATE TEMP TABLE contract_links AS SELECT id, intervention_id FROM contracts WHERE intervention_id IS NOT NULL")
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


def add_authority_created_on(db: Database) -> None:
    """A council exists from the day it was created (when that is known: the unitary councils of
    2019-2023) until the day it ceased; `successions` says which councils a new one succeeded,
    so that its card can tell their history too."""
    db.execute(
        "ALTER TABLE authorities ADD COLUMN created_on TEXT CHECK (created_on IS NULL OR created_on GLOB"
        " '[12][0-9][0-9][0-9]' OR created_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]'"
        " OR created_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')"
    )
    db.execute(
        """CREATE TABLE successions (
            predecessor_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
            successor_id INTEGER NOT NULL REFERENCES authorities(id) ON DELETE CASCADE,
            CHECK (predecessor_id <> successor_id),
            PRIMARY KEY (predecessor_id, successor_id)
        )"""
    )
    db.execute("CREATE INDEX successions_by_successor ON successions (successor_id)")


_RATINGS_V8 = """CREATE TABLE ratings_v8 (
    id INTEGER PRIMARY KEY,
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
)"""


def ratings_dated_by_inspection(db: Database) -> None:
    """A rating may lack its publication date: some editions of Ofsted's files give only the
    inspection date. `published_on` becomes optional and never invented; `dated_on`, the day a
    rating counts from, is computed as its publication, else its inspection, and every
    question of time asks it. Every row is kept (SQLite cannot relax NOT NULL in place)."""
    db.execute(_RATINGS_V8)
    db.execute(
        "INSERT INTO ratings_v8 (id, authority_id, framework, judgement, grade, framework_grade, inspected_on,"
        " published_on, inspectorate, source, notes) SELECT id, authority_id, framework, judgement, grade,"
        " framework_grade, inspected_on, published_on, inspectorate, source, notes FROM ratings ORDER BY id"
    )
    db.execute("DROP TABLE ratings")
    db.execute("ALTER TABLE ratings_v8 RENAME TO ratings")
    db.execute("CREATE INDEX ratings_by_authority ON ratings (authority_id, judgement, dated_on)")
    db.execute("CREATE INDEX ratings_by_dated ON ratings (dated_on)")


# Append new steps here; their order is the order they run in.
STEPS = (
    create_tables,
    add_contract_ocds_ids,
    index_end_dates,
    index_authority_regions,
    cover_contract_windows,
    register_of_instruments,
    add_authority_created_on,
    ratings_dated_by_inspection,
)
MIGRATION_NAMES = tuple(step.__name__ for step in STEPS)


def migration_set() -> Migrations:
    """The steps registered with sqlite-utils, which runs each with its record in one transaction."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations()(step)
    return migrations
