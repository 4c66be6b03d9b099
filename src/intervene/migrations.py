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
INTERVENTION_KINDS = (
    "intervention order",
    "statutory direction",
    "improvement notice",
    "commissioner",
    "advisers",
)
END_REASONS = ("lifted", "revoked", "superseded", "expired")
CHANGE_ACTIONS = ("add", "end", "extend", "remove", "import")
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
            kind TEXT NOT NULL {_one_of('kind', INTERVENTION_KINDS)},
            service TEXT,
            {_iso_date('issued_on', required=True)},
            issued_by TEXT,
            legal_basis TEXT,
            commissioner TEXT,
            {_iso_date('deadline_on')},
            {_iso_date('ended_on')},
            end_reason TEXT CHECK (end_reason IS NULL OR (ended_on IS NOT NULL AND {listed('end_reason', END_REASONS)})),
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
            action TEXT NOT NULL {_one_of('action', CHANGE_ACTIONS)},
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


# Append new steps here; their order is the order they run in.
STEPS = (create_tables, add_contract_ocds_ids, index_end_dates, index_authority_regions, cover_contract_windows)
MIGRATION_NAMES = tuple(step.__name__ for step in STEPS)


def migration_set() -> Migrations:
    """The steps registered with sqlite-utils, which runs each with its record in one transaction."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations()(step)
    return migrations
