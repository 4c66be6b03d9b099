"""The read queries. Each takes the day it is asked about and returns plain rows, or
(the reports across councils) a Report that gives them as rows or as JSON lines.

State is derived here from dates, never stored; days are counted in SQL
(sqldates). A partial date counts from its first day (ISO text sorts it before
the days it contains); a contract's end is its last day, inclusive, so `|| '~'`
puts a partial end after every day it covers.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from intervene import sqldates
from intervene.grades import OVERALL_JUDGEMENTS, as_numbered
from intervene.query import Report, fetch_rows
from intervene.vocab import CONFIRMATION_MONTHS, IN_FORCE, UNCONFIRMED

# Derived state, written once and used by every query that needs it.
#
# An end recorded to the day is the first day out of force; a partial end ("2010",
# "2021-12") means some day in that period, so it counts as in force through the period's
# last day (`|| '~'` sorts after every day the period covers). With no end recorded, an
# instrument is in force until CONFIRMATION_MONTHS after the last day a source showed it in
# force (its issue is the first), and "unconfirmed" after that. The unary `+` keeps SQLite
# off the issued_on index, whose range is nearly every row, so that it seeks the few not
# yet ended through interventions_by_ended (the `>=` on the year bounds that seek).
ENDED_AFTER = (
    "(i.ended_on >= substr(:on, 1, 4)"
    " AND (CASE WHEN length(i.ended_on) = 10 THEN i.ended_on ELSE i.ended_on || '~' END) > :on)"
)
LAST_CONFIRMED = "coalesce(i.last_confirmed_on, i.issued_on)"
CONFIRMED_UNTIL = f"date({sqldates.last_day(LAST_CONFIRMED)}, '+{CONFIRMATION_MONTHS} months')"
# An instrument lives no longer than its council: once the council has ceased, an instrument
# with no end recorded is neither in force nor unconfirmed (its history stays).
COUNCIL_EXISTS = "NOT EXISTS (SELECT 1 FROM authorities x WHERE x.id = i.authority_id AND x.ceased_on <= :on)"
INTERVENTION_CURRENT = f"+i.issued_on <= :on AND (i.ended_on IS NULL OR {ENDED_AFTER}) AND {COUNCIL_EXISTS}"
UNCONFIRMED_ON = f"(i.ended_on IS NULL AND :on > {CONFIRMED_UNTIL})"
INTERVENTION_IN_FORCE = f"{INTERVENTION_CURRENT} AND NOT {UNCONFIRMED_ON}"
INTERVENTION_STATE = f"CASE WHEN {UNCONFIRMED_ON} THEN '{UNCONFIRMED}' ELSE '{IN_FORCE}' END"
INTERVENTION_ENDED = (
    f"+i.issued_on <= :on AND ((i.ended_on IS NOT NULL AND NOT {ENDED_AFTER}) OR NOT {COUNCIL_EXISTS})"
)
# Must match the expression that leads the index contracts_by_last_day_covering.
CONTRACT_END = "coalesce(c.ended_on, c.ends_on)"
CONTRACT_DAYS_LEFT = sqldates.days_until(CONTRACT_END, ":on")
CONTRACT_LIVE = f"c.starts_on <= :on AND ({CONTRACT_END} IS NULL OR :on <= {CONTRACT_END} || '~')"

RECENT_EVENTS = 5
OVERALL = "judgement IN ({})".format(", ".join("'" + name.replace("'", "''") + "'" for name in OVERALL_JUDGEMENTS))


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
        SELECT r.id, r.framework, r.judgement, r.grade, r.framework_grade, r.inspected_on, r.published_on, r.dated_on, r.source,
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
        if replaced in by_id and replaced not in successor:
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


def recent_events(connection: sqlite3.Connection, authority_id: int, on: date, limit: int = RECENT_EVENTS) -> list[dict]:
    return fetch_rows(
        connection,
        """
        SELECT id, happened_on, summary, source, notes FROM events
        WHERE authority_id = :authority AND happened_on <= :on
        ORDER BY happened_on DESC, id DESC LIMIT :limit
        """,
        {"authority": authority_id, "on": on.isoformat(), "limit": limit},
    )


def status(connection: sqlite3.Connection, authority: dict, on: date) -> dict:
    """Everything `intervene status` shows about one council on one day."""
    authority_id = authority["id"]
    current = interventions_current(connection, authority_id, on)
    ended = interventions_ended(connection, authority_id, on)
    return {
        "as_of": on.isoformat(),
        "authority": authority,
        "ratings": latest_ratings(connection, authority_id, on),
        "rating_history": overall_rating_history(connection, authority_id, on),
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


def changes(connection: sqlite3.Connection, authority_id: int | None = None, limit: int = 50) -> list[dict]:
    """The audit trail, newest first: every write with the values before and after."""
    rows = fetch_rows(
        connection,
        """
        SELECT ch.id, ch.changed_at, ch.action, ch.table_name, ch.row_id, ch.authority_id,
               a.short_name AS council, ch.before, ch.after
        FROM changes ch LEFT JOIN authorities a ON a.id = ch.authority_id
        WHERE :authority IS NULL OR ch.authority_id = :authority
        ORDER BY ch.id DESC LIMIT :limit
        """,
        {"authority": authority_id, "limit": limit},
    )
    import json

    for entry in rows:
        entry["before"] = json.loads(entry["before"]) if entry["before"] else None
        entry["after"] = json.loads(entry["after"]) if entry["after"] else None
    return rows


# ---------------------------------------------------------------------------
# Reports across councils. Every row is flat: ISO dates, integer pence, plain
# words, so the same rows make the table, the JSON and the CSV. Each returns a
# Report, whose query computes every derived value (day counts, flags, order),
# so that SQLite can also write its rows as JSON by itself.

# A council exists on D from the day it was created (where known) until the day it ceased.
CURRENT_AUTHORITY = "(a.ceased_on IS NULL OR a.ceased_on > :on) AND (a.created_on IS NULL OR a.created_on <= :on)"


def _in_region(region: str | None) -> str:
    """The region condition, present only when a region is asked for, so that SQLite can use
    authorities_by_region (`:region IS NULL OR …` would hide the index). The region is the
    stored spelling, from check_region."""
    return "a.region = :region" if region else "1"


# A (possibly partial) end falls within [start, until] when some day it covers does.
# Every date covering a day of :start's year sorts at or after that year, which
# bounds the index range from below.
END_WITHIN = "{end} <= :until AND {end} >= substr(:start, 1, 4) AND {end} || '~' >= :start"


def _overall_rating_id(authority: str, offset: int = 0) -> str:
    """SQL for the id of a council's newest (or, with offset 1, previous) overall rating published by :on.

    A seek per council on ratings_by_authority, so the cost follows the councils
    shown, not the size of the ratings table.
    """
    return f"""(
        SELECT r.id FROM ratings r
        WHERE r.authority_id = {authority} AND r.{OVERALL} AND r.dated_on <= :on
        ORDER BY r.dated_on DESC, r.id DESC LIMIT 1 OFFSET {offset})"""


def _rank(grade: str) -> str:
    """SQL for a grade's rank (1 outstanding … 4 inadequate), from the fixed scale in grades.RANK."""
    from intervene.grades import RANK

    cases = " ".join(f"WHEN '{word}' THEN {rank}" for word, rank in RANK.items())
    return f"(CASE {grade} {cases} END)"


def under_intervention(
    connection: sqlite3.Connection,
    on: date,
    *,
    region: str | None = None,
    kind: str | None = None,
    service: str | None = None,
) -> Report:
    """Every instrument issued by `on` and not ended by then, with its council and that council's
    latest overall grade: those in force first, then those with no end recorded whose last
    confirmation is too old to count them in force (`status` says which)."""
    # The current instruments are found first, through interventions_by_ended; left to
    # itself SQLite would walk every council, or every intervention in issue order.
    return Report(
        connection,
        {
            "intervention_id": "i.id", "status": "i.status", "council": "a.short_name", "slug": "a.slug",
            "region": "a.region", "kind": "i.kind", "name_at_time": "i.name_at_time", "service": "i.service",
            "issued_on": "i.issued_on", "issued_by": "i.issued_by",
            "commissioner": "i.commissioner", "legal_basis": "i.legal_basis", "deadline_on": "i.deadline_on",
            "last_confirmed_on": "i.confirmed_on", "last_confirmed_source": "i.last_confirmed_source",
            "latest_grade": "latest.grade", "latest_framework": "latest.framework",
            "latest_published_on": "latest.published_on", "latest_inspected_on": "latest.inspected_on",
            "source": "i.source",
            "days_in_intervention": sqldates.days_since("i.issued_on", ":on"),
            "days_to_deadline": sqldates.days_until("i.deadline_on", ":on"),
        },
        f"""
        FROM i
        JOIN authorities a ON a.id = i.authority_id
        LEFT JOIN ratings latest ON latest.id = {_overall_rating_id("a.id")}
        WHERE {_in_region(region)}
        ORDER BY i.status = '{UNCONFIRMED}', i.issued_on, a.short_name, i.id
        """,
        {"on": on.isoformat(), "region": region, "kind": kind, "service": service},
        with_clause=f"""
        WITH i AS MATERIALIZED (
            SELECT i.*, {INTERVENTION_STATE} AS status, {LAST_CONFIRMED} AS confirmed_on
            FROM interventions i WHERE {INTERVENTION_CURRENT}
              AND (:kind IS NULL OR i.kind = :kind) AND (:service IS NULL OR i.service = :service))""",
    )


def unconfirmed(connection: sqlite3.Connection, on: date) -> list[dict]:
    """Instruments with no end recorded whose last confirmation is more than the allowed months
    old on `on`, oldest confirmation first: what to research next."""
    return fetch_rows(
        connection,
        f"""
        SELECT i.id, a.short_name AS council, i.kind, i.issued_on, {LAST_CONFIRMED} AS last_confirmed_on,
               coalesce(i.last_confirmed_source, i.source) AS last_confirmed_source
        FROM interventions i JOIN authorities a ON a.id = i.authority_id
        WHERE {INTERVENTION_CURRENT} AND {UNCONFIRMED_ON}
        ORDER BY {LAST_CONFIRMED}, a.short_name, i.id
        """,
        {"on": on.isoformat()},
    )


def _contracts(connection: sqlite3.Connection, where: str, order: str, parameters: dict) -> Report:
    """Contracts across councils, for the window reports. Every column read here is in the
    index contracts_by_last_day_covering (a query-plan test checks)."""
    return Report(
        connection,
        {
            "contract_id": "c.id", "council": "a.short_name", "region": "a.region", "provider": "c.provider",
            "value_pence": "c.value_pence", "currency": "c.currency", "starts_on": "c.starts_on",
            "ends_on": CONTRACT_END, "max_ends_on": "c.max_ends_on", "ended_early": "c.ended_on IS NOT NULL",
            "intervention_id": "c.intervention_id", "intervention_kind": "i.kind", "scope": "c.scope",
            "source": "c.source",
            "partners": """(SELECT json_group_array(partner) FROM (
                SELECT partner FROM contract_partners WHERE contract_id = c.id ORDER BY rowid))""",
            "days_left": CONTRACT_DAYS_LEFT,
            "extension_possible": "c.ended_on IS NULL AND c.max_ends_on > c.ends_on",
        },
        f"""
        FROM contracts c
        JOIN authorities a ON a.id = c.authority_id
        LEFT JOIN interventions i ON i.id = c.intervention_id
        WHERE {where} AND {_in_region(parameters.get("region"))}
        ORDER BY {order}
        """,
        parameters,
        booleans=("ended_early", "extension_possible"),
        lists=("partners",),
    )


def contracts_expiring(connection: sqlite3.Connection, on: date, until: date, *, region: str | None = None) -> Report:
    """Contracts whose last day falls between `on` and `until`, both inclusive, soonest first."""
    return _contracts(
        connection,
        END_WITHIN.format(end=CONTRACT_END),
        f"{CONTRACT_END}, a.short_name, c.id",
        {"start": on.isoformat(), "until": until.isoformat(), "on": on.isoformat(), "region": region},
    )


def contracts_expired(connection: sqlite3.Connection, on: date, since: date, *, region: str | None = None) -> Report:
    """Contracts whose last day fell between `since` and the day before `on`, most recent first."""
    return _contracts(
        connection,
        f"{CONTRACT_END} <= :on AND {CONTRACT_END} >= substr(:start, 1, 4)"
        f" AND {CONTRACT_END} || '~' < :on AND {CONTRACT_END} || '~' >= :start",
        f"{CONTRACT_END} DESC, a.short_name, c.id",
        {"start": since.isoformat(), "on": on.isoformat(), "region": region},
    )


def deadlines(connection: sqlite3.Connection, on: date, until: date, *, region: str | None = None) -> Report:
    """Deadlines of interventions in force on `on`: overdue ones, then those due by `until`."""
    days_to_deadline = sqldates.days_until("i.deadline_on", ":on")
    return Report(
        connection,
        {
            "intervention_id": "i.id", "council": "a.short_name", "region": "a.region", "kind": "i.kind", "name_at_time": "i.name_at_time",
            "issued_on": "i.issued_on", "issued_by": "i.issued_by", "commissioner": "i.commissioner",
            "deadline_on": "i.deadline_on", "summary": "i.summary", "source": "i.source",
            "days_to_deadline": days_to_deadline, "overdue": f"{days_to_deadline} < 0",
        },
        f"""
        FROM i JOIN authorities a ON a.id = i.authority_id
        WHERE {_in_region(region)}
        ORDER BY i.deadline_on, a.short_name, i.id
        """,
        {"on": on.isoformat(), "until": until.isoformat(), "region": region},
        booleans=("overdue",),
        with_clause=f"""
        WITH i AS MATERIALIZED (
            SELECT * FROM interventions i
            WHERE {INTERVENTION_IN_FORCE} AND i.deadline_on IS NOT NULL AND i.deadline_on <= :until)""",
    )


def latest_overall_ratings(
    connection: sqlite3.Connection,
    on: date,
    *,
    grade: str | None = None,
    framework: str | None = None,
    region: str | None = None,
) -> Report:
    """Each current council's newest overall rating as it stood on `on`, worst first."""
    return Report(
        connection,
        {
            "rating_id": "latest.id", "council": "a.short_name", "region": "a.region",
            "framework": "latest.framework", "judgement": "latest.judgement", "grade": "latest.grade",
            "framework_grade": "latest.framework_grade", "inspected_on": "latest.inspected_on",
            "published_on": "latest.published_on", "source": "latest.source",
        },
        f"""
        FROM authorities a
        JOIN ratings latest ON latest.id = {_overall_rating_id("a.id")}
        WHERE {CURRENT_AUTHORITY} AND {_in_region(region)}
          AND (:grade IS NULL OR latest.grade = :grade)
          AND (:framework IS NULL OR latest.framework = :framework)
        ORDER BY {_rank("latest.grade")} DESC, a.short_name, a.id
        """,
        {"on": on.isoformat(), "grade": grade, "framework": framework, "region": region},
    )


def rating_changes(connection: sqlite3.Connection, on: date, *, region: str | None = None) -> Report:
    """Councils whose overall grade moved between their last two overall ratings by `on`."""
    before, after = _rank("previous.grade"), _rank("latest.grade")
    direction = f"CASE WHEN {after} < {before} THEN 'up' ELSE 'down' END"
    return Report(
        connection,
        {
            "council": "a.short_name", "region": "a.region", "previous_framework": "previous.framework",
            "previous_grade": "previous.grade", "previous_published_on": "previous.published_on",
            "previous_inspected_on": "previous.inspected_on", "inspected_on": "latest.inspected_on",
            "framework": "latest.framework", "grade": "latest.grade", "published_on": "latest.published_on",
            "rating_id": "latest.id", "source": "latest.source",
            "direction": direction,
        },
        f"""
        FROM authorities a
        JOIN ratings latest ON latest.id = {_overall_rating_id("a.id")}
        JOIN ratings previous ON previous.id = {_overall_rating_id("a.id", offset=1)}
        WHERE {CURRENT_AUTHORITY} AND {_in_region(region)} AND {after} <> {before}
        ORDER BY {direction}, a.short_name, a.id
        """,
        {"on": on.isoformat(), "region": region},
    )


def timeline(connection: sqlite3.Connection, authority_id: int) -> list[dict]:
    """Every dated fact about one council, oldest first, each with its source."""
    from intervene.money import display_money
    from intervene.summaries import instrument_name

    facts: list[dict] = []

    def add(on: str | None, what: str, summary: str, source: str | None, table: str, row_id: int) -> None:
        if on:
            facts.append({"date": on, "what": what, "summary": summary, "source": source, "table": table, "row_id": row_id})

    parameters = [authority_id]
    for row in connection.execute("SELECT * FROM ratings WHERE authority_id = ?", parameters):
        unpublished = "" if row["published_on"] else " (inspected; publication date not known)"
        add(row["dated_on"], "rating",
            f"{row['framework']} {row['judgement']}: {row['grade']}{as_numbered(row['framework_grade'])}{unpublished}",
            row["source"], "ratings", row["id"])
    for row in connection.execute("SELECT * FROM interventions WHERE authority_id = ?", parameters):
        name = instrument_name(row)
        who = f" by {row['issued_by']}" if row["issued_by"] else ""
        commissioner = f"; commissioner {row['commissioner']}" if row["commissioner"] else ""
        replaces = f"; replaces intervention {row['replaces_id']}" if row["replaces_id"] else ""
        summary = f": {row['summary']}" if row["summary"] else ""
        add(row["issued_on"], "intervention", f"{name} issued{who}{commissioner}{replaces}{summary}", row["source"],
            "interventions", row["id"])
        add(row["deadline_on"], "deadline", f"deadline of the {row['kind']} (intervention {row['id']})",
            row["source"], "interventions", row["id"])
        if row["last_confirmed_on"] and row["last_confirmed_on"] != row["issued_on"]:
            add(row["last_confirmed_on"], "confirmed in force",
                f"{row['kind']} last shown in force (intervention {row['id']})", row["last_confirmed_source"],
                "interventions", row["id"])
        add(row["ended_on"], "intervention ended",
            f"{row['kind']} {row['end_reason'] or 'ended'} (intervention {row['id']})",
            row["end_source"] or row["source"], "interventions", row["id"])
    for row in connection.execute("SELECT * FROM contracts WHERE authority_id = ?", parameters):
        partners = [partner["partner"] for partner in partners_of(connection, row["id"])]
        value = f", {display_money(row['value_pence'], row['currency'])}" if row["value_pence"] is not None else ""
        with_partners = f" with {', '.join(partners)}" if partners else ""
        add(row["starts_on"], "contract starts", f"{row['provider']}{with_partners}{value} (contract {row['id']})",
            row["source"], "contracts", row["id"])
        if row["ended_on"]:
            add(row["ended_on"], "contract ended early", f"{row['provider']} (contract {row['id']})", row["source"],
                "contracts", row["id"])
        else:
            add(row["ends_on"], "contract ends", f"{row['provider']} (contract {row['id']})", row["source"],
                "contracts", row["id"])
    for row in connection.execute("SELECT * FROM events WHERE authority_id = ?", parameters):
        add(row["happened_on"], "event", row["summary"], row["source"], "events", row["id"])
    order = {"intervention ended": 0, "contract ends": 0, "contract ended early": 0}
    return sorted(facts, key=lambda fact: (fact["date"], order.get(fact["what"], 1)))


def authorities(
    connection: sqlite3.Connection,
    on: date,
    *,
    region: str | None = None,
    under_intervention_only: bool = False,
    include_ceased: bool = False,
) -> Report:
    """The councils known, with their codes; those that had ceased by `on` only when asked."""
    in_force = f"EXISTS (SELECT 1 FROM interventions i WHERE i.authority_id = a.id AND {INTERVENTION_IN_FORCE})"
    return Report(
        connection,
        {
            "id": "a.id", "slug": "a.slug", "short_name": "a.short_name", "name": "a.name",
            "ons_code": "a.ons_code", "la_code": "a.la_code", "region": "a.region", "kind": "a.kind",
            "created_on": "a.created_on", "ceased_on": "a.ceased_on", "succeeded_by": "a.succeeded_by",
            "under_intervention": in_force,
        },
        f"""
        FROM authorities a
        WHERE {_in_region(region)} AND (:ceased OR ({CURRENT_AUTHORITY})) AND {in_force if under_intervention_only else 1}
        ORDER BY a.short_name
        """,
        {"on": on.isoformat(), "region": region, "ceased": include_ceased},
        booleans=("under_intervention",),
    )


def check_region(connection: sqlite3.Connection, region: str | None) -> str | None:
    """The region as stored, or an error listing the regions there are."""
    if region is None:
        return None
    known = [name for (name,) in connection.execute(
        "SELECT DISTINCT region FROM authorities WHERE region IS NOT NULL ORDER BY region")]
    for name in known:
        if name.lower() == region.strip().lower():
            return name
    from intervene.errors import InterveneError, quoted

    raise InterveneError(f"{quoted(region)} is not a region; use one of {', '.join(known)}")
