"""`intervene check`: SQLite's own checks, then the project's rules, each problem one line
naming the councils whose rows break it.

The rules include what the add commands refuse, so that rows written before a rule (or round
it) are found: a grade or framework the register does not know, a rating dated in the future,
a region that is not an ONS region; and, as warnings, a judgement off its framework's list
(`add-rating --new-judgement` records one on purpose) and a council without its kind or region.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from intervene import dates
from intervene.grades import FRAMEWORK_WORDS
from intervene.sqldates import iso_date_shape, not_before
from intervene.vocab import END_REASONS, GRADES, JUDGEMENTS, REGIONS


def listed(column: str, values: tuple[str, ...]) -> str:
    """SQL: the column holds one of these fixed words."""
    words = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({words})"


def _before(later: str, earlier: str) -> str:
    return f"{later} IS NOT NULL AND {earlier} IS NOT NULL AND NOT {not_before(later, earlier)}"


def _each_framework(column: str, lists: Mapping[str, tuple[str, ...]]) -> str:
    """SQL: the column holds one of its framework's own words."""
    return (
        "(" + " OR ".join(f"(framework = '{name}' AND {listed(column, words)})" for name, words in lists.items()) + ")"
    )


# (what is wrong, the table whose rows it finds, SQL selecting their ids). Table and column
# names are fixed here; `:today` is the one today (`dates.today`).
RULES = (
    (
        "rating with a grade that is not a canonical word",
        "ratings",
        f"SELECT id FROM ratings WHERE NOT {listed('grade', GRADES)}",
    ),
    (
        "rating under a framework the register does not know",
        "ratings",
        f"SELECT id FROM ratings WHERE NOT {listed('framework', tuple(FRAMEWORK_WORDS))}",
    ),
    (
        "rating with a grade its framework did not use",
        "ratings",
        f"SELECT id FROM ratings WHERE {listed('grade', GRADES)} AND {listed('framework', tuple(FRAMEWORK_WORDS))}"
        f" AND NOT {_each_framework('grade', FRAMEWORK_WORDS)}",
    ),
    # ISO text sorts a partial date before every day it covers: `2026-12` > today holds only
    # when its first day is after today.
    (
        "rating published or inspected in the future",
        "ratings",
        "SELECT id FROM ratings WHERE published_on > :today OR inspected_on > :today",
    ),
    (
        "rating published before its inspection",
        "ratings",
        f"SELECT id FROM ratings WHERE {_before('published_on', 'inspected_on')}",
    ),
    (
        "intervention with a deadline before it was issued",
        "interventions",
        f"SELECT id FROM interventions WHERE {_before('deadline_on', 'issued_on')}",
    ),
    (
        "intervention ended before it was issued",
        "interventions",
        f"SELECT id FROM interventions WHERE {_before('ended_on', 'issued_on')}",
    ),
    (
        "intervention with an end reason but no end",
        "interventions",
        "SELECT id FROM interventions WHERE end_reason IS NOT NULL AND ended_on IS NULL",
    ),
    (
        "intervention ended for an unknown reason",
        "interventions",
        f"SELECT id FROM interventions WHERE end_reason IS NOT NULL AND NOT {listed('end_reason', END_REASONS)}",
    ),
    (
        "intervention replacing one of another council",
        "interventions",
        "SELECT i.id FROM interventions i JOIN interventions r ON r.id = i.replaces_id WHERE "
        "r.authority_id <> i.authority_id",
    ),
    (
        "intervention replacing one issued after it",
        "interventions",
        "SELECT i.id FROM interventions i JOIN interventions r ON r.id = i.replaces_id WHERE "
        f"{_before('i.issued_on', 'r.issued_on')}",
    ),
    (
        "intervention confirmed in force before it was issued",
        "interventions",
        f"SELECT id FROM interventions WHERE {_before('last_confirmed_on', 'issued_on')}",
    ),
    (
        "council that ceased before it was created",
        "authorities",
        f"SELECT id FROM authorities WHERE {_before('ceased_on', 'created_on')}",
    ),
    (
        "council in a region that is not an ONS region",
        "authorities",
        f"SELECT id FROM authorities WHERE region IS NOT NULL AND NOT {listed('region', REGIONS)}",
    ),
    (
        "rating of a council dated after it ceased",
        "ratings",
        "SELECT r.id FROM ratings r JOIN authorities a ON a.id = r.authority_id WHERE r.dated_on >= a.ceased_on",
    ),
    (
        "contract ending before it starts",
        "contracts",
        f"SELECT id FROM contracts WHERE {_before('ends_on', 'starts_on')}",
    ),
    (
        "contract whose latest extended end is before its end",
        "contracts",
        f"SELECT id FROM contracts WHERE {_before('max_ends_on', 'ends_on')}",
    ),
    (
        "contract serving an intervention of another council",
        "contracts",
        "SELECT c.id FROM contracts c JOIN interventions i ON i.id = c.intervention_id WHERE "
        "i.authority_id <> c.authority_id",
    ),
    (
        "partner of a contract that does not exist",
        "contract_partners",
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

    today = dates.today().isoformat()

    def rows(sql: str, parameters: dict | None = None) -> list:
        try:
            return connection.execute(sql, parameters or {}).fetchall()
        except sqlite3.DatabaseError as error:
            if not damaged:
                raise
            stopped.append(str(error))
            return []

    for table, row_id, parent, _ in rows("PRAGMA foreign_key_check"):
        found.append({"check": "foreign key", "detail": f"{table} row {row_id} points to a missing {parent} row"})
    for what, table, sql in RULES:
        ids = [row[0] for row in rows(sql, {"today": today})]
        if ids:
            found.append(_found(connection, what, table, ids))
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
                found.append(_found(connection, f"{table}.{column} that is not a real date", table, sorted(set(ids))))
    if stopped:
        found.append(
            {
                "check": "not checked",
                "detail": f"{plural(len(stopped), 'check')} could not read the damaged file ({stopped[0]})",
            }
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


# The word for one row of each table a rule reports, and whether the rows name their council.
_NOUNS = {
    "ratings": "rating",
    "interventions": "intervention",
    "contracts": "contract",
    "events": "event",
    "authorities": "council",
    "contract_partners": "missing contract",
}


def plural(count: int, noun: str) -> str:
    """`1 rating`, `3 ratings`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _found(connection: sqlite3.Connection, what: str, table: str, ids: list[int]) -> dict:
    """One rule's finding: how many rows, and which, by council (`3 ratings: Halton (12, 14), …`)."""
    return {
        "check": what,
        "detail": f"{plural(len(ids), _NOUNS[table])}: {_by_council(connection, table, ids)}",
        "ids": ids,
    }


def _by_council(connection: sqlite3.Connection, table: str, ids: list[int]) -> str:
    """The rows' ids grouped under their councils' short names, the first 20 ids shown; a row
    whose council cannot be read (a missing contract, a damaged file) is shown by its id alone."""
    shown = ids[:20]
    names: dict[int, str] = {}
    if table != "contract_partners":
        council = (
            "t.short_name FROM authorities t"
            if table == "authorities"
            else (f"a.short_name FROM {table} t JOIN authorities a ON a.id = t.authority_id")
        )
        try:
            # `table` comes from RULES and DATE_COLUMNS, never from the user.
            names = dict(
                connection.execute(
                    f"SELECT t.id, {council} WHERE t.id IN ({', '.join('?' for _ in shown)})", shown
                ).fetchall()
            )
        except sqlite3.DatabaseError:
            names = {}
    grouped: dict[str, list[str]] = {}
    for row_id in shown:
        grouped.setdefault(names.get(row_id, ""), []).append(str(row_id))
    parts = [
        f"{name} ({', '.join(row_ids)})" if name else f"id {', '.join(row_ids)}" for name, row_ids in grouped.items()
    ]
    return "; ".join(parts) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


WARNINGS = (
    (
        "contract with no end date (neither planned nor actual)",
        "contracts",
        "SELECT id FROM contracts WHERE ends_on IS NULL AND ended_on IS NULL",
    ),
    (
        "intervention with no source",
        "interventions",
        "SELECT id FROM interventions WHERE source IS NULL OR trim(source) = ''",
    ),
    (
        "rating with a judgement its framework's list does not hold",
        "ratings",
        f"SELECT id FROM ratings WHERE {listed('framework', tuple(JUDGEMENTS))}"
        f" AND NOT {_each_framework('judgement', JUDGEMENTS)}",
    ),
    (
        "council without its kind or region",
        "authorities",
        "SELECT id FROM authorities WHERE kind IS NULL OR region IS NULL OR trim(region) = ''",
    ),
)


def warnings(connection: sqlite3.Connection) -> list[dict]:
    """Gaps worth knowing that are not errors: the sources may simply not say, or a judgement
    was recorded on purpose beyond its framework's list."""
    found = []
    for what, table, sql in WARNINGS:
        ids = [row[0] for row in connection.execute(sql)]
        if ids:
            found.append(_found(connection, what, table, ids))
    return found
