"""The schema, as ordered steps: one module each, never edited once released.

Each step is a function taking a sqlite-utils Database, in a module of its own
(`m001_create_tables.py` holds step 1, `create_tables`). A step holds its SQL
as literal text, the very text the released databases hold: SQLite keeps each
CREATE statement as it was executed, so a step built from shared helpers, or
by a library's generator, would drift when they change, and new databases
would then differ from upgraded ones. The function's name is the name the step
is recorded under in `_sqlite_migrations`, in every database that has run it.

To add step 12:

1. Write `m012_<what_it_does>.py` beside the others: one function of that name,
   its SQL written out in full (import nothing from intervene; no f-strings,
   helpers or sqlite-utils table methods), its docstring saying why.
2. Append its name to MIGRATION_NAMES below.
3. Never edit a shipped step: a change to the schema is a new step.
4. Add tests/fixtures/schema-v11.sql, a dump of a database at the previous
   schema with rows in each table, to RELEASED in tests/test_upgrade.py.

sqlite-utils itself is imported only when a database needs migrating (see
`migration_set`), so reading an up-to-date database never pays for it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "intervene"

# The names the steps are recorded under in _sqlite_migrations, in the order they run; step N
# is the function of that name in module mNNN_<name>. Append new steps here. Opening a
# database compares these names only, so the step modules load only when a step must run.
MIGRATION_NAMES = (
    "create_tables",
    "add_contract_ocds_ids",
    "index_end_dates",
    "index_authority_regions",
    "cover_contract_windows",
    "register_of_instruments",
    "add_authority_created_on",
    "ratings_dated_by_inspection",
    "ids_never_reused",
    "full_text_search",
    "audit_edits_and_undo",
)


def steps() -> tuple:
    """Every step's function, in order."""
    return tuple(
        getattr(import_module(f"{__name__}.m{number:03d}_{name}"), name)
        for number, name in enumerate(MIGRATION_NAMES, start=1)
    )


def __getattr__(name: str) -> Any:
    # `STEPS`, for readers that want the functions: loaded on first use.
    if name == "STEPS":
        return steps()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def migration_set() -> Migrations:
    """The steps registered with sqlite-utils, which runs each with its record in one transaction."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in zip(MIGRATION_NAMES, steps()):
        migrations(name=name)(step)
    return migrations
