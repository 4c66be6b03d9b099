"""`intervene check`: SQLite's own checks, then the project's rules, each problem one line."""

from __future__ import annotations

import sqlite3

from intervene.sqldates import iso_date_shape, not_before
from intervene.vocab import END_REASONS, GRADES


def listed(column: str, values: tuple[str, ...]) -> str:
    """SQL: the column holds one of these fixed words."""
    words = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({words})"


def _before(later: str, earlier: str) -> str:
    return f"{later} IS NOT NULL AND {earlier} IS NOT NULL AND NOT {not_before(later, earlier)}"


# (what is wrong, SQL selecting the offending rows' ids). Table and column names are fixed here.
RULES = (
    ("rating with a grade that is not a canonical word", f"SELECT id FROM ratings WHERE NOT {listed('grade', GRADES)}"),
    (
        "rating published before its inspection",
        f"SELECT id FROM ratings WHERE {_before('published_on', 'inspected_on')}",
    ),
    (
        "intervention with a deadline before it was issued",
        f"SELECT id FROM interventions WHERE {_before('deadline_on', 'issued_on')}",
    ),
    (
        "intervention ended before it was issued",
        f"SELECT id FROM interventions WHERE {_before('ended_on', 'issued_on')}",
    ),
    (
        "intervention with an end reason but no end",
        "SELECT id FROM interventions WHERE end_reason IS NOT NULL AND ended_on IS NULL",
    ),
    (
        "intervention ended for an unknown reason",
        f"SELECT id FROM interventions WHERE end_reason IS NOT NULL AND NOT {listed('end_reason', END_REASONS)}",
    ),
    (
        "intervention replacing one of another council",
        "SELECT i.id FROM interventions i JOIN interventions r ON r.id = i.replaces_id WHERE "
        "r.authority_id <> i.authority_id",
    ),
    (
        "intervention replacing one issued after it",
        "SELECT i.id FROM interventions i JOIN interventions r ON r.id = i.replaces_id WHERE "
        f"{_before('i.issued_on', 'r.issued_on')}",
    ),
    (
        "intervention confirmed in force before it was issued",
        f"SELECT id FROM interventions WHERE {_before('last_confirmed_on', 'issued_on')}",
    ),
    (
        "council that ceased before it was created",
        f"SELECT id FROM authorities WHERE {_before('ceased_on', 'created_on')}",
    ),
    (
        "rating of a council dated after it ceased",
        "SELECT r.id FROM ratings r JOIN authorities a ON a.id = r.authority_id WHERE r.dated_on >= a.ceased_on",
    ),
    ("contract ending before it starts", f"SELECT id FROM contracts WHERE {_before('ends_on', 'starts_on')}"),
    (
        "contract whose latest extended end is before its end",
        f"SELECT id FROM contracts WHERE {_before('max_ends_on', 'ends_on')}",
    ),
    (
        "contract serving an intervention of another council",
        "SELECT c.id FROM contracts c JOIN interventions i ON i.id = c.intervention_id WHERE "
        "i.authority_id <> c.authority_id",
    ),
    (
        "partner of a contract that does not exist",
        "SELECT p.contract_id FROM contract_partners p LEFT JOIN contracts c ON c.id = "
        "p.contract_id WHERE c.id IS NULL",
    ),
)
DATE_COLUMNS = {
    "ratings": ("inspected_on", "published_on"),
    "interventions": ("issued_on", "deadline_on", "ended_on", "last_confirmed_on"),
    "contracts": ("starts_on", "ends_on", "max_ends_on", "ended_on"),
    "events": ("happened_on",),
    "authorities": ("created_on", "ceased_on"),
}


def problems(connection: sqlite3.Connection) -> list[dict]:
    """Everything wrong with the database, as {'check', 'detail'} rows; empty when all is well.

    On a damaged file the integrity check says where, and each rule the damage stops from
    running is counted in one row instead of ending the check.
    """
    found = [{"check": "SQLite integrity", "detail": line} for line in integrity_problems(connection)]
    damaged = bool(found)
    stopped: list[str] = []

    def rows(sql: str) -> list:
        try:
            return connection.execute(sql).fetchall()
        except sqlite3.DatabaseError as error:
            if not damaged:
                raise
            stopped.append(str(error))
            return []

    for table, row_id, parent, _ in rows("PRAGMA foreign_key_check"):
        found.append({"check": "foreign key", "detail": f"{table} row {row_id} points to a missing {parent} row"})
    for what, sql in RULES:
        ids = [row[0] for row in rows(sql)]
        if ids:
            found.append({"check": what, "detail": _ids(ids)})
    for table, columns in DATE_COLUMNS.items():
        for column in columns:
            ids = [
                row[0]
                for row in rows(f"SELECT id FROM {table} WHERE {column} IS NOT NULL AND NOT {iso_date_shape(column)}")
            ]
            ids += [
                row_id
                for row_id, value in rows(f"SELECT id, {column} FROM {table} WHERE length({column}) = 10")
                if not _is_day(value)
            ]
            if ids:
                found.append({"check": f"{table}.{column} that is not a real date", "detail": _ids(sorted(set(ids)))})
    if stopped:
        found.append(
            {"check": "not checked", "detail": f"{len(stopped)} checks could not read the damaged file ({stopped[0]})"}
        )
    return found


def integrity_problems(connection: sqlite3.Connection) -> list[str]:
    """SQLite's integrity check, one line per problem; on a file too damaged for even that, its error."""
    try:
        report = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    if report == ["ok"]:
        return []
    return [line for row in report for line in row.splitlines() if line and not line.startswith("*** in database")]


def _is_day(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _ids(ids: list[int]) -> str:
    shown = ", ".join(map(str, ids[:20]))
    return f"id {shown}" + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


WARNINGS = (
    (
        "contract with no end date (neither planned nor actual)",
        "SELECT id FROM contracts WHERE ends_on IS NULL AND ended_on IS NULL",
    ),
    ("intervention with no source", "SELECT id FROM interventions WHERE source IS NULL OR trim(source) = ''"),
)


def warnings(connection: sqlite3.Connection) -> list[dict]:
    """Gaps worth knowing that are not errors: the sources may simply not say."""
    found = []
    for what, sql in WARNINGS:
        ids = [row[0] for row in connection.execute(sql)]
        if ids:
            found.append({"check": what, "detail": _ids(ids)})
    return found
