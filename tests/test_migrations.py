import ast
import pkgutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

import intervene.migrations
from intervene.db import migrate
from intervene.migrations import MIGRATION_NAMES, STEPS, migration_set

# The names released databases record their steps under: a renamed step would run again on them.
RELEASED_NAMES = (
    "create_tables",
    "add_contract_ocds_ids",
    "index_end_dates",
    "index_authority_regions",
    "cover_contract_windows",
    "register_of_instruments",
    "add_authority_created_on",
    "ratings_dated_by_inspection",
)
STEP_MODULES = sorted(module.name for module in pkgutil.iter_modules(intervene.migrations.__path__))
# All a step module may import: its SQL is its own text, never built from the project's words or helpers.
TYPING_ONLY = {("__future__", "annotations"), ("typing", "TYPE_CHECKING"), ("sqlite_utils", "Database")}


@pytest.fixture
def fresh():
    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA foreign_keys = ON")
    migrate(connection)
    return connection


def test_every_step_is_registered_in_order_and_recorded(fresh):
    assert [m.name for m in migration_set()._migrations] == list(MIGRATION_NAMES)
    assert MIGRATION_NAMES == tuple(step.__name__ for step in STEPS)
    recorded = [row[0] for row in fresh.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert recorded == list(MIGRATION_NAMES)


def test_a_released_step_keeps_its_name():
    assert MIGRATION_NAMES[: len(RELEASED_NAMES)] == RELEASED_NAMES


def test_each_step_is_a_module_of_its_own_numbered_in_order():
    assert STEP_MODULES == [f"m{number:03d}_{name}" for number, name in enumerate(MIGRATION_NAMES, 1)]
    assert [step.__module__ for step in STEPS] == [f"intervene.migrations.{module}" for module in STEP_MODULES]


@pytest.mark.parametrize("module", STEP_MODULES)
def test_a_step_writes_its_sql_out_in_full(module):
    """No helper, f-string or sqlite-utils table method: SQL built by code changes when that code
    does, and a shipped step would then make new databases unlike the ones it upgraded."""
    tree = ast.parse(Path(intervene.migrations.__path__[0], f"{module}.py").read_text(encoding="utf-8"))
    imported = {
        (node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    assert imported <= TYPING_ONLY
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Import)]
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.JoinedStr, ast.BinOp))]
    calls = [ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert calls and set(calls) == {"db.execute"}


def test_applying_twice_does_nothing(fresh):
    migrate(fresh)
    assert fresh.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATION_NAMES)


def test_schema_holds_the_data_model(fresh):
    db = Database(fresh)
    assert set(db.table_names()) >= {
        "authorities",
        "aliases",
        "ratings",
        "interventions",
        "contracts",
        "contract_partners",
        "events",
        "changes",
    }
    assert {fk.other_table for fk in db["contracts"].foreign_keys} == {"authorities", "interventions"}
    assert db["ratings"].columns_dict["published_on"] is str


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on) VALUES (1, "
        "'APA', 'x', 'splendid', '2006')",
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on) VALUES (1, "
        "'APA', 'x', 'good', '06/2006')",
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on, "
        "inspected_on) VALUES (1, 'APA', 'x', 'good', '2006-01-01', '2006-02-01')",
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on) VALUES (999, "
        "'APA', 'x', 'good', '2006')",
        "INSERT INTO interventions (authority_id, kind, issued_on, deadline_on) VALUES (1, "
        "'statutory direction', '2019-10-31', '2019-10-30')",
        "INSERT INTO interventions (authority_id, kind, issued_on) VALUES (1, 'stern letter', '2019-10-31')",
        "INSERT INTO interventions (authority_id, kind, issued_on, end_reason) VALUES (1, "
        "'advisers', '2019', 'lifted')",
        "INSERT INTO contracts (authority_id, provider, starts_on, ends_on) VALUES (1, 'Serco', '2007-04', '2007-03')",
        "INSERT INTO contracts (authority_id, provider, starts_on, value_pence) VALUES (1, 'Serco', '2007-04', -1)",
    ],
)
def test_constraints_refuse_bad_rows(fresh, sql):
    fresh.execute("INSERT INTO authorities (id, slug, name, short_name) VALUES (1, 'x', 'X', 'X')")
    with pytest.raises(sqlite3.IntegrityError):
        fresh.execute(sql)
