"""The read queries. Each takes the day it is asked about and returns plain rows.

State is derived here from dates, never stored. A partial date counts from its
first day (ISO text sorts it before the days it contains); a contract's end is
its last day, inclusive, so `|| '~'` puts a partial end after every day it covers.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from intervene.dates import days_until, first_day
from intervene.grades import OVERALL_JUDGEMENTS

# Derived state, written once and used by every query that needs it.
INTERVENTION_IN_FORCE = "i.issued_on <= :on AND (i.ended_on IS NULL OR i.ended_on > :on)"
CONTRACT_END = "coalesce(c.ended_on, c.ends_on)"
CONTRACT_LIVE = f"c.starts_on <= :on AND ({CONTRACT_END} IS NULL OR :on <= {CONTRACT_END} || '~')"

RECENT_EVENTS = 5


def latest_ratings(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """The most recent published grade for each judgement, as it stood on `on`; overall first."""
    rows = connection.execute(
        """
        SELECT id, framework, judgement, grade, framework_grade, inspected_on, published_on,
               inspectorate, source, notes
        FROM (
            SELECT r.*, row_number() OVER (
                PARTITION BY judgement ORDER BY published_on DESC, id DESC) AS newest
            FROM ratings r WHERE authority_id = :authority AND published_on <= :on
        )
        WHERE newest = 1
        """,
        {"authority": authority_id, "on": on.isoformat()},
    ).fetchall()
    ratings = sorted((dict(row) for row in rows), key=lambda r: (r["judgement"] not in OVERALL_JUDGEMENTS, r["id"]))
    # Newest inspection first; within one, the overall judgement leads (sorts are stable).
    return sorted(ratings, key=lambda rating: rating["published_on"], reverse=True)


def interventions_in_force(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    rows = connection.execute(
        f"""
        SELECT i.* FROM interventions i
        WHERE i.authority_id = :authority AND {INTERVENTION_IN_FORCE}
        ORDER BY i.issued_on DESC, i.id DESC
        """,
        {"authority": authority_id, "on": on.isoformat()},
    ).fetchall()
    return [_with_intervention_days(dict(row), on) for row in rows]


def interventions_ended(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """Interventions issued and ended by `on`, most recently ended first: the council's history."""
    rows = connection.execute(
        """
        SELECT i.* FROM interventions i
        WHERE i.authority_id = :authority AND i.issued_on <= :on AND i.ended_on <= :on
        ORDER BY i.ended_on DESC, i.id DESC
        """,
        {"authority": authority_id, "on": on.isoformat()},
    ).fetchall()
    return [dict(row) for row in rows]


def _with_intervention_days(row: dict, on: date) -> dict:
    row["days_in_force"] = (on - first_day(row["issued_on"])).days
    row["days_to_deadline"] = days_until(row["deadline_on"], on) if row["deadline_on"] else None
    return row


def contracts_live(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    rows = connection.execute(
        f"""
        SELECT c.* FROM contracts c
        WHERE c.authority_id = :authority AND {CONTRACT_LIVE}
        ORDER BY {CONTRACT_END}, c.id
        """,
        {"authority": authority_id, "on": on.isoformat()},
    ).fetchall()
    return _with_contract_details(connection, [dict(row) for row in rows], on)


def contracts_finished(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """Contracts whose last day had passed by `on`, most recent end first."""
    rows = connection.execute(
        f"""
        SELECT c.* FROM contracts c
        WHERE c.authority_id = :authority AND {CONTRACT_END} || '~' < :on
        ORDER BY {CONTRACT_END} DESC, c.id DESC
        """,
        {"authority": authority_id, "on": on.isoformat()},
    ).fetchall()
    return _with_contract_details(connection, [dict(row) for row in rows], on)


def _with_contract_details(connection: sqlite3.Connection, contracts: list[dict], on: date) -> list[dict]:
    for contract in contracts:
        contract["partners"] = [
            dict(row)
            for row in connection.execute(
                "SELECT partner, role FROM contract_partners WHERE contract_id = ? ORDER BY rowid",
                [contract["id"]],
            )
        ]
        end = contract["ended_on"] or contract["ends_on"]
        contract["days_left"] = days_until(end, on) if end else None
    return contracts


def recent_events(connection: sqlite3.Connection, authority_id: int, on: date, limit: int = RECENT_EVENTS) -> list[dict]:
    rows = connection.execute(
        """
        SELECT id, happened_on, summary, source, notes FROM events
        WHERE authority_id = :authority AND happened_on <= :on
        ORDER BY happened_on DESC, id DESC LIMIT :limit
        """,
        {"authority": authority_id, "on": on.isoformat(), "limit": limit},
    ).fetchall()
    return [dict(row) for row in rows]


def status(connection: sqlite3.Connection, authority: dict, on: date) -> dict:
    """Everything `intervene status` shows about one council on one day."""
    authority_id = authority["id"]
    return {
        "as_of": on.isoformat(),
        "authority": authority,
        "ratings": latest_ratings(connection, authority_id, on),
        "interventions": interventions_in_force(connection, authority_id, on),
        "past_interventions": interventions_ended(connection, authority_id, on),
        "contracts": contracts_live(connection, authority_id, on),
        "past_contracts": contracts_finished(connection, authority_id, on),
        "events": recent_events(connection, authority_id, on),
    }


def changes(connection: sqlite3.Connection, authority_id: int | None = None, limit: int = 50) -> list[dict]:
    """The audit trail, newest first: every write with the values before and after."""
    import json

    rows = connection.execute(
        """
        SELECT ch.id, ch.changed_at, ch.action, ch.table_name, ch.row_id, ch.authority_id,
               a.short_name AS council, ch.before, ch.after
        FROM changes ch LEFT JOIN authorities a ON a.id = ch.authority_id
        WHERE :authority IS NULL OR ch.authority_id = :authority
        ORDER BY ch.id DESC LIMIT :limit
        """,
        {"authority": authority_id, "limit": limit},
    ).fetchall()
    trail = []
    for row in rows:
        entry = dict(row)
        entry["before"] = json.loads(entry["before"]) if entry["before"] else None
        entry["after"] = json.loads(entry["after"]) if entry["after"] else None
        trail.append(entry)
    return trail
