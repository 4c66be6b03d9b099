import sqlite3

import pytest
from sqlite_utils import Database

from intervene.db import migrate
from intervene.migrations import MIGRATION_NAMES, STEPS, migration_set


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


def test_applying_twice_does_nothing(fresh):
    migrate(fresh)
    assert fresh.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATION_NAMES)


def test_schema_holds_the_data_model(fresh):
    db = Database(fresh)
    assert set(db.table_names()) >= {
        "authorities", "aliases", "ratings", "interventions", "contracts", "contract_partners", "events", "changes",
    }
    assert {fk.other_table for fk in db["contracts"].foreign_keys} == {"authorities", "interventions"}
    assert db["ratings"].columns_dict["published_on"] is str


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on) VALUES (1, 'APA', 'x', 'splendid', '2006')",
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on) VALUES (1, 'APA', 'x', 'good', '06/2006')",
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on, inspected_on) VALUES (1, 'APA', 'x', 'good', '2006-01-01', '2006-02-01')",
        "INSERT INTO ratings (authority_id, framework, judgement, grade, published_on) VALUES (999, 'APA', 'x', 'good', '2006')",
        "INSERT INTO interventions (authority_id, kind, issued_on, deadline_on) VALUES (1, 'statutory direction', '2019-10-31', '2019-10-30')",
        "INSERT INTO interventions (authority_id, kind, issued_on) VALUES (1, 'stern letter', '2019-10-31')",
        "INSERT INTO interventions (authority_id, kind, issued_on, end_reason) VALUES (1, 'advisers', '2019', 'lifted')",
        "INSERT INTO contracts (authority_id, provider, starts_on, ends_on) VALUES (1, 'Serco', '2007-04', '2007-03')",
        "INSERT INTO contracts (authority_id, provider, starts_on, value_pence) VALUES (1, 'Serco', '2007-04', -1)",
    ],
)
def test_constraints_refuse_bad_rows(fresh, sql):
    fresh.execute("INSERT INTO authorities (id, slug, name, short_name) VALUES (1, 'x', 'X', 'X')")
    with pytest.raises(sqlite3.IntegrityError):
        fresh.execute(sql)
