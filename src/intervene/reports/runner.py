"""Running a read query: as plain rows, or as lines of JSON that SQLite writes itself.

A report over thousands of rows spends more time building Python dicts and
encoding them than SQLite spends finding them; asking SQLite for one JSON
object a row skips both. Both forms come from one list of columns, so a report
is written once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping


def fetch_rows(connection: sqlite3.Connection, sql: str, parameters: Mapping | list) -> list[dict]:
    """The query's rows as plain dicts, made from tuples (faster than dicts of sqlite3.Row
    when there are thousands)."""
    cursor = connection.cursor()
    cursor.row_factory = None
    cursor.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor]


class Report:
    """One report's query, bound to a connection and run when its rows are asked for.

    `columns` maps each output name to its SQL expression, in output order;
    `body` is the rest of the statement (FROM … WHERE … ORDER BY …), and
    `with_clause` any common table expressions it names. SQLite
    gives truth as 0 or 1 and lists as JSON text, so the names in `booleans`
    and `lists` say which columns to turn into True/False and Python lists.
    Names and expressions come from the code, never from the user.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        columns: Mapping[str, str],
        body: str,
        parameters: Mapping,
        *,
        booleans: Iterable[str] = (),
        lists: Iterable[str] = (),
        with_clause: str = "",
    ):
        self.connection = connection
        self.columns = dict(columns)
        self.body = body
        self.with_clause = with_clause
        self.parameters = parameters
        self.booleans = tuple(booleans)
        self.lists = tuple(lists)
        unknown = set(self.booleans + self.lists) - set(self.columns)
        if unknown or not all(name.isidentifier() for name in self.columns):
            raise ValueError(f"report columns must be identifiers, and booleans and lists among them: {unknown}")

    def sql(self) -> str:
        """The statement, its parameters named (`:on`, `:region`…): what `rows` runs."""
        select = ", ".join(f"{expression} AS {name}" for name, expression in self.columns.items())
        return f"{self.with_clause} SELECT {select} {self.body}"

    def rows(self) -> list[dict]:
        """The rows as plain dicts, with True/False and Python lists where the columns say so."""
        return self.typed(fetch_rows(self.connection, self.sql(), self.parameters))

    def typed(self, rows: list[dict]) -> list[dict]:
        """Rows as SQLite gives them, with True/False and Python lists where the columns say so."""
        if self.lists:
            import json
        for row in rows:
            for name in self.booleans:
                row[name] = bool(row[name])
            for name in self.lists:
                # Empty lists are the common case: no need to run the decoder for them.
                row[name] = json.loads(row[name]) if row[name] != "[]" else []
        return rows

    def json_lines(self, limit: int | None = None) -> list[str]:
        """Each row as one JSON object, with the same names, values and order as `rows`; the
        first `limit` rows only, when given."""
        pairs = ", ".join(f"'{name}', {self._as_json(name, expression)}" for name, expression in self.columns.items())
        cursor = self.connection.cursor()
        cursor.row_factory = None
        cut = "" if limit is None else f" LIMIT {int(limit)}"
        cursor.execute(f"{self.with_clause} SELECT json_object({pairs}) {self.body}{cut}", self.parameters)
        return [line for (line,) in cursor]

    def _as_json(self, name: str, expression: str) -> str:
        if name in self.booleans:
            return f"json(CASE WHEN {expression} THEN 'true' ELSE 'false' END)"
        if name in self.lists:
            return f"json({expression})"
        return expression
