"""A report's query, run as plain rows or as JSON lines SQLite writes."""

from __future__ import annotations

import json
import sqlite3

import pytest

from intervene.reports.runner import Report, fetch_rows


@pytest.fixture
def memory():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, flag INTEGER, items TEXT)")
    connection.executemany(
        "INSERT INTO t VALUES (?, ?, ?, ?)", [(1, "one", 1, '["a", "b"]'), (2, None, 0, "[]"), (3, "три", None, "[]")]
    )
    yield connection
    connection.close()


def test_fetch_rows_gives_plain_dicts_in_column_order(memory):
    rows = fetch_rows(memory, "SELECT name, id FROM t WHERE id < :below ORDER BY id", {"below": 3})
    assert rows == [{"name": "one", "id": 1}, {"name": None, "id": 2}]
    assert [list(row) for row in rows] == [["name", "id"], ["name", "id"]]


def test_rows_and_json_lines_carry_the_same_values(memory):
    report = Report(
        memory,
        {"id": "t.id", "label": "upper(t.name)", "flag": "t.flag", "items": "t.items"},
        "FROM t ORDER BY t.id DESC",
        {},
        booleans=("flag",),
        lists=("items",),
    )
    rows = report.rows()
    assert rows == [
        {"id": 3, "label": "три", "flag": False, "items": []},
        {"id": 2, "label": None, "flag": False, "items": []},
        {"id": 1, "label": "ONE", "flag": True, "items": ["a", "b"]},
    ]
    lines = report.json_lines()
    assert lines[0] == '{"id":3,"label":"три","flag":false,"items":[]}'
    assert [json.loads(line) for line in lines] == rows


def test_a_with_clause_comes_before_the_select(memory):
    report = Report(
        memory,
        {"id": "x.id"},
        "FROM x ORDER BY x.id",
        {"least": 2},
        with_clause="WITH x AS (SELECT id FROM t WHERE id >= :least)",
    )
    assert report.rows() == [{"id": 2}, {"id": 3}]
    assert report.json_lines() == ['{"id":2}', '{"id":3}']


def test_report_refuses_a_column_name_that_is_not_an_identifier(memory):
    with pytest.raises(ValueError):
        Report(memory, {"days'); DROP TABLE contracts; --": "1"}, "FROM contracts", {})
    with pytest.raises(ValueError):
        Report(memory, {"id": "c.id"}, "FROM contracts c", {}, booleans=("missing",))
