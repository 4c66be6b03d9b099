"""Every test gets its own database: none can touch a real one."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from intervene.cli import cli
from intervene.db import open_database

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TODAY = date(2026, 11, 24)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """One database made from the seed; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    open_database(path).close()
    return path


@pytest.fixture(autouse=True)
def db_path(tmp_path, monkeypatch, seeded_template) -> Path:
    path = tmp_path / "intervene.db"
    shutil.copy(seeded_template, path)
    monkeypatch.setenv("INTERVENE_DB", str(path))
    monkeypatch.setattr("intervene.dates.today", lambda: TODAY)
    return path


@pytest.fixture
def connection(db_path) -> sqlite3.Connection:
    connection = open_database(db_path)
    yield connection
    connection.close()


@pytest.fixture
def run():
    """Invoke the CLI as a user would, at 100 columns unless told, with stdout and stderr apart."""

    def invoke(*args: str, input: str | None = None, columns: int = 100):
        runner = CliRunner(env={"COLUMNS": str(columns)})
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = (
        "authorities",
        "aliases",
        "successions",
        "ratings",
        "interventions",
        "contracts",
        "contract_partners",
        "events",
        "changes",
    )
    return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}


def shared_data_or_skip() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent: the source data lives beside the project checkout, not in a clone")
    return SHARED_DATA


def next_id(connection: sqlite3.Connection, table: str) -> int:
    """The id the next row written to `table` will get: past every id it has ever given."""
    return connection.execute(
        f"SELECT max(coalesce(max(id), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)) + 1"
        f" FROM {table}",
        [table],
    ).fetchone()[0]
