"""One council on one day: its status card (ratings, instruments, contracts, events) and
its timeline. Each query takes the day it is asked about and returns plain rows."""

from __future__ import annotations

import sqlite3
from datetime import date

from intervene import sqldates
from intervene.grades import OVERALL_JUDGEMENTS, as_numbered
from intervene.reports.clauses import (
    CONTRACT_DAYS_LEFT,
    CONTRACT_END,
    CONTRACT_LIVE,
    INTERVENTION_CURRENT,
    INTERVENTION_ENDED,
    INTERVENTION_STATE,
    LAST_CONFIRMED,
    OVERALL,
    bind,
    overall_rating_id,
)
from intervene.reports.runner import Report, fetch_rows
from intervene.vocab import IN_FORCE, UNCONFIRMED


def instrument_name(row: dict) -> str:
    """The instrument, with the name used at the time where that differs: `statutory direction
    ("intervention order")`."""
    name = row["name_at_time"]
    return f'{row["kind"]} ("{name}")' if name else row["kind"]


RECENT_EVENTS = 5


def latest_ratings(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """The most recent published grade for each judgement, as it stood on `on`; overall first."""
    rows = fetch_rows(
        connection,
        """
        SELECT id, framework, judgement, grade, framework_grade, inspected_on, published_on, dated_on,
               inspectorate, source, notes
        FROM (
            SELECT r.*, row_number() OVER (
                PARTITION BY judgement ORDER BY dated_on DESC, id DESC) AS newest
            FROM ratings r WHERE authority_id = :authority AND dated_on <= :on
        )
        WHERE newest = 1
        """,
        {"authority": authority_id, "on": on.isoformat()},
    )
    ratings = sorted(rows, key=lambda r: (r["judgement"] not in OVERALL_JUDGEMENTS, r["id"]))
    # Newest inspection first; within one, the overall judgement leads (sorts are stable).
    return sorted(ratings, key=lambda rating: rating["dated_on"], reverse=True)


def overall_rating_history(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """Every overall judgement published by `on`, newest first: how the council's grade moved.
    A council created to succeed others carries their history too, each rating saying which
    council it was given to (`as_council`); a council's own ratings have none."""
    return fetch_rows(
        connection,
        f"""
        SELECT r.id, r.framework, r.judgement, r.grade, r.framework_grade, r.inspected_on, r.published_on, r.dated_on,
               r.source,
               CASE WHEN r.authority_id = :authority THEN NULL ELSE a.name END AS as_council
        FROM ratings r JOIN authorities a ON a.id = r.authority_id
        WHERE r.{OVERALL} AND r.dated_on <= :on AND (r.authority_id = :authority OR r.authority_id IN (
            SELECT predecessor_id FROM successions WHERE successor_id = :authority))
        ORDER BY r.dated_on DESC, r.id DESC
        """,
        {"authority": authority_id, "on": on.isoformat()},
    )


def predecessors(connection: sqlite3.Connection, authority_id: int) -> list[dict]:
    """The councils this one was created to succeed, with the day each ceased."""
    return fetch_rows(
        connection,
        "SELECT a.id, a.name, a.short_name, a.slug, a.ceased_on FROM successions s"
        " JOIN authorities a ON a.id = s.predecessor_id WHERE s.successor_id = ? ORDER BY a.short_name",
        [authority_id],
    )


def interventions_current(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """Instruments issued by `on` and not ended by then, newest first: each with its state
    (in force, or unconfirmed), days in force, days to the deadline (negative: overdue), and
    the last day it was confirmed in force."""
    return fetch_rows(
        connection,
        f"""
        SELECT i.*, {INTERVENTION_STATE} AS status, {LAST_CONFIRMED} AS confirmed_on,
               {sqldates.days_since("i.issued_on", ":on")} AS days_in_force,
               {sqldates.days_until("i.deadline_on", ":on")} AS days_to_deadline
        FROM interventions i
        WHERE i.authority_id = :authority AND {INTERVENTION_CURRENT}
        ORDER BY i.issued_on DESC, i.id DESC
        """,
        {"authority": authority_id, "on": on.isoformat()},
    )


def interventions_ended(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """Instruments issued and ended by `on` (or outlived by their council), most recently ended
    first: the council's history."""
    return fetch_rows(
        connection,
        f"""
        SELECT i.* FROM interventions i
        WHERE i.authority_id = :authority AND {INTERVENTION_ENDED}
        ORDER BY i.ended_on DESC, i.id DESC
        """,
        {"authority": authority_id, "on": on.isoformat()},
    )


def chains(instruments: list[dict]) -> list[list[dict]]:
    """The instruments as chains, each oldest first: an instrument and those that replaced it
    in turn. Each instrument is in exactly one chain (a second replacement of one instrument
    starts a chain of its own); chains come newest first, by their last instrument's issue."""
    by_id = {item["id"]: item for item in instruments}
    successor: dict[int, dict] = {}
    for item in sorted(instruments, key=lambda item: (item["issued_on"], item["id"])):
        replaced = item.get("replaces_id")
        if replaced is not None and replaced in by_id and replaced not in successor:
            successor[replaced] = item
    followers = {item["id"] for item in successor.values()}
    found = []
    for item in instruments:
        if item["id"] in followers:
            continue
        chain = [item]
        while chain[-1]["id"] in successor:
            chain.append(successor[chain[-1]["id"]])
        found.append(chain)
    return sorted(found, key=lambda chain: (chain[-1]["issued_on"], chain[-1]["id"]), reverse=True)


def contracts_live(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    rows = fetch_rows(
        connection,
        f"""
        SELECT c.*, {CONTRACT_DAYS_LEFT} AS days_left FROM contracts c
        WHERE c.authority_id = :authority AND {CONTRACT_LIVE}
        ORDER BY {CONTRACT_END}, c.id
        """,
        {"authority": authority_id, "on": on.isoformat()},
    )
    return _with_partners(connection, rows)


def contracts_finished(connection: sqlite3.Connection, authority_id: int, on: date) -> list[dict]:
    """Contracts whose last day had passed by `on`, most recent end first."""
    rows = fetch_rows(
        connection,
        f"""
        SELECT c.*, {CONTRACT_DAYS_LEFT} AS days_left FROM contracts c
        WHERE c.authority_id = :authority AND {CONTRACT_END} || '~' < :on
        ORDER BY {CONTRACT_END} DESC, c.id DESC
        """,
        {"authority": authority_id, "on": on.isoformat()},
    )
    return _with_partners(connection, rows)


def partners_of(connection: sqlite3.Connection, contract_id: int) -> list[dict]:
    """A contract's partners, with their roles, in the order recorded."""
    return fetch_rows(
        connection,
        "SELECT partner, role, joined_on, left_on FROM contract_partners WHERE contract_id = ? ORDER BY rowid",
        [contract_id],
    )


def _with_partners(connection: sqlite3.Connection, contracts: list[dict]) -> list[dict]:
    for contract in contracts:
        contract["partners"] = partners_of(connection, contract["id"])
    return contracts


def recent_events(
    connection: sqlite3.Connection, authority_id: int, on: date, limit: int = RECENT_EVENTS
) -> list[dict]:
    return fetch_rows(
        connection,
        """
        SELECT id, happened_on, summary, source, notes FROM events
        WHERE authority_id = :authority AND happened_on <= :on
        ORDER BY happened_on DESC, id DESC LIMIT :limit
        """,
        {"authority": authority_id, "on": on.isoformat(), "limit": limit},
    )


# The last day of a year of the series, or the day asked about in its last year.
YEAR_END = "min(y.year || '-12-31', :on)"


def grades_by_year(connection: sqlite3.Connection, authority_id: int, first: int, last: int, on: date) -> Report:
    """The overall grade that stood at the end of each year from `first` to `last` (in the
    day's own year, on the day), by the reports' own rule for a council's latest rating; a
    year before any has none."""
    standing = bind(overall_rating_id(":authority"), on=YEAR_END)
    return Report(
        connection,
        {
            "year": "y.year",
            "grade": "r.grade",
            "framework": "r.framework",
            "dated_on": "r.dated_on",
            "rating_id": "r.id",
        },
        f"FROM y LEFT JOIN ratings r ON r.id = {standing} ORDER BY y.year",
        {"authority": authority_id, "first": first, "last": last, "on": on.isoformat()},
        with_clause="WITH RECURSIVE y(year) AS (SELECT :first UNION ALL SELECT year + 1 FROM y WHERE year < :last)",
    )


def grade_strips(connection: sqlite3.Connection, authority: dict, history: list[dict], on: date) -> list[dict]:
    """A council's grades year by year, and, before it was created, each council it succeeded:
    one strip each (`as_council` names a predecessor), predecessors first."""
    councils = {None: (authority["id"], authority.get("created_on"), None)} | {
        item["name"]: (item["id"], None, item["ceased_on"]) for item in predecessors(connection, authority["id"])
    }
    strips = []
    for name in sorted(councils, key=lambda name: (name is None, name or "")):
        authority_id, created_on, ceased_on = councils[name]
        years = [int(rating["dated_on"][:4]) for rating in history if rating["as_council"] == name]
        if created_on:
            years.append(int(created_on[:4]))  # its years before a first inspection show as none
        if not years:
            continue
        last = min(on.year, int(ceased_on[:4])) if ceased_on else on.year
        rows = grades_by_year(connection, authority_id, min(years), last, on).rows()
        strips.append({"as_council": name, "years": rows})
    return strips


def status(connection: sqlite3.Connection, authority: dict, on: date, *, asked: str | None = None) -> dict:
    """Everything `intervene status` shows about one council on one day; `asked` is what the
    council was asked for by, for the notes on a former code or a ceased council."""
    from intervene.authorities import identity_notes

    authority_id = authority["id"]
    current = interventions_current(connection, authority_id, on)
    ended = interventions_ended(connection, authority_id, on)
    history = overall_rating_history(connection, authority_id, on)
    return {
        "as_of": on.isoformat(),
        "authority": authority,
        "notes": identity_notes(authority, asked),
        "ratings": latest_ratings(connection, authority_id, on),
        "rating_history": history,
        "grades_by_year": grade_strips(connection, authority, history, on),
        "predecessors": predecessors(connection, authority_id),
        "interventions": [item for item in current if item["status"] == IN_FORCE],
        "unconfirmed": [item for item in current if item["status"] == UNCONFIRMED],
        "past_interventions": ended,
        # Each chain's intervention ids, oldest first: an instrument and those that replaced it.
        "chains": [[item["id"] for item in chain] for chain in chains(current + ended)],
        "contracts": contracts_live(connection, authority_id, on),
        "past_contracts": contracts_finished(connection, authority_id, on),
        "events": recent_events(connection, authority_id, on),
    }


def timeline(connection: sqlite3.Connection, authority_id: int) -> list[dict]:
    """Every dated fact about one council, oldest first, each with its source."""
    from intervene.money import display_money
    from intervene.vocab import JUDGEMENTS

    facts: list[dict] = []

    def add(on: str | None, what: str, summary: str, source: str | None, table: str, row_id: int) -> None:
        if on:
            facts.append(
                {"date": on, "what": what, "summary": summary, "source": source, "table": table, "row_id": row_id}
            )

    parameters = [authority_id]
    place: dict[tuple[str, int], int] = {}
    for row in connection.execute("SELECT * FROM ratings WHERE authority_id = ?", parameters):
        listed = JUDGEMENTS.get(row["framework"], ())
        place["ratings", row["id"]] = listed.index(row["judgement"]) if row["judgement"] in listed else len(listed)
        unpublished = "" if row["published_on"] else " (inspected; publication date not known)"
        add(
            row["dated_on"],
            "rating",
            f"{row['framework']} {row['judgement']}: {row['grade']}{as_numbered(row['framework_grade'])}{unpublished}",
            row["source"],
            "ratings",
            row["id"],
        )
    for row in connection.execute("SELECT * FROM interventions WHERE authority_id = ?", parameters):
        name = instrument_name(row)
        who = f" by {row['issued_by']}" if row["issued_by"] else ""
        commissioner = f"; commissioner {row['commissioner']}" if row["commissioner"] else ""
        replaces = f"; replaces intervention {row['replaces_id']}" if row["replaces_id"] else ""
        summary = f": {row['summary']}" if row["summary"] else ""
        add(
            row["issued_on"],
            "intervention",
            f"{name} issued{who}{commissioner}{replaces}{summary}",
            row["source"],
            "interventions",
            row["id"],
        )
        add(
            row["deadline_on"],
            "deadline",
            f"deadline of the {row['kind']} (intervention {row['id']})",
            row["source"],
            "interventions",
            row["id"],
        )
        if row["last_confirmed_on"] and row["last_confirmed_on"] != row["issued_on"]:
            add(
                row["last_confirmed_on"],
                "confirmed in force",
                f"{row['kind']} last shown in force (intervention {row['id']})",
                row["last_confirmed_source"],
                "interventions",
                row["id"],
            )
        add(
            row["ended_on"],
            "intervention ended",
            f"{row['kind']} {row['end_reason'] or 'ended'} (intervention {row['id']})",
            row["end_source"] or row["source"],
            "interventions",
            row["id"],
        )
    for row in connection.execute("SELECT * FROM contracts WHERE authority_id = ?", parameters):
        partners = [partner["partner"] for partner in partners_of(connection, row["id"])]
        value = f", {display_money(row['value_pence'], row['currency'])}" if row["value_pence"] is not None else ""
        with_partners = f" with {', '.join(partners)}" if partners else ""
        add(
            row["starts_on"],
            "contract starts",
            f"{row['provider']}{with_partners}{value} (contract {row['id']})",
            row["source"],
            "contracts",
            row["id"],
        )
        if row["ended_on"]:
            add(
                row["ended_on"],
                "contract ended early",
                f"{row['provider']} (contract {row['id']})",
                row["source"],
                "contracts",
                row["id"],
            )
        else:
            add(
                row["ends_on"],
                "contract ends",
                f"{row['provider']} (contract {row['id']})",
                row["source"],
                "contracts",
                row["id"],
            )
    for row in connection.execute("SELECT * FROM events WHERE authority_id = ?", parameters):
        add(row["happened_on"], "event", row["summary"], row["source"], "events", row["id"])
    order = {"intervention ended": 0, "contract ends": 0, "contract ended early": 0}
    # The judgements of one inspection in their framework's order, the headline first.
    return sorted(
        facts,
        key=lambda fact: (fact["date"], order.get(fact["what"], 1), place.get((fact["table"], fact["row_id"]), 0)),
    )
