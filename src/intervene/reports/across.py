"""Reports across councils. Every row is flat: ISO dates, integer pence, plain words, so
the same rows make the table, the JSON and the CSV. Each returns a Report, whose query
computes every derived value (day counts, flags, order), so that SQLite can also write
its rows as JSON by itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from intervene import sqldates
from intervene.reports.clauses import (
    CONTRACT_DAYS_LEFT,
    CONTRACT_END,
    CURRENT_AUTHORITY,
    END_WITHIN,
    INTERVENTION_CURRENT,
    INTERVENTION_IN_FORCE,
    INTERVENTION_STATE,
    LAST_CONFIRMED,
    UNCONFIRMED_ON,
    bind,
    in_region,
    overall_rating_id,
    rank_of,
)
from intervene.reports.runner import Report, fetch_rows
from intervene.vocab import GRADES, INTERVENTION_KINDS, UNCONFIRMED


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
            "intervention_id": "i.id",
            "status": "i.status",
            "council": "a.short_name",
            "slug": "a.slug",
            "region": "a.region",
            "kind": "i.kind",
            "name_at_time": "i.name_at_time",
            "service": "i.service",
            "issued_on": "i.issued_on",
            "issued_by": "i.issued_by",
            "commissioner": "i.commissioner",
            "legal_basis": "i.legal_basis",
            "deadline_on": "i.deadline_on",
            "last_confirmed_on": "i.confirmed_on",
            "last_confirmed_source": "i.last_confirmed_source",
            "latest_grade": "latest.grade",
            "latest_framework": "latest.framework",
            "latest_published_on": "latest.published_on",
            "latest_inspected_on": "latest.inspected_on",
            "source": "i.source",
            "days_in_intervention": sqldates.days_since("i.issued_on", ":on"),
            "days_to_deadline": sqldates.days_until("i.deadline_on", ":on"),
        },
        f"""
        FROM i
        JOIN authorities a ON a.id = i.authority_id
        LEFT JOIN ratings latest ON latest.id = {overall_rating_id("a.id")}
        WHERE {in_region(region)}
        ORDER BY i.status = '{UNCONFIRMED}', i.issued_on, a.short_name, i.id
        """,
        {"on": on.isoformat(), "region": region, "kind": kind, "service": service},
        with_clause=f"""
        WITH i AS MATERIALIZED (
            SELECT i.*, {INTERVENTION_STATE} AS status, {LAST_CONFIRMED} AS confirmed_on
            FROM interventions i WHERE {INTERVENTION_CURRENT}
              AND (nullif(:kind, '') IS NULL OR i.kind = :kind)
              AND (nullif(:service, '') IS NULL OR i.service = :service))""",
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
            "contract_id": "c.id",
            "council": "a.short_name",
            "region": "a.region",
            "provider": "c.provider",
            "value_pence": "c.value_pence",
            "currency": "c.currency",
            "starts_on": "c.starts_on",
            "ends_on": CONTRACT_END,
            "max_ends_on": "c.max_ends_on",
            "ended_early": "c.ended_on IS NOT NULL",
            "intervention_id": "c.intervention_id",
            "intervention_kind": "i.kind",
            "scope": "c.scope",
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
        WHERE {where} AND {in_region(parameters.get("region"))}
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
            "intervention_id": "i.id",
            "council": "a.short_name",
            "region": "a.region",
            "kind": "i.kind",
            "name_at_time": "i.name_at_time",
            "issued_on": "i.issued_on",
            "issued_by": "i.issued_by",
            "commissioner": "i.commissioner",
            "deadline_on": "i.deadline_on",
            "summary": "i.summary",
            "source": "i.source",
            "days_to_deadline": days_to_deadline,
            "overdue": f"{days_to_deadline} < 0",
        },
        f"""
        FROM i JOIN authorities a ON a.id = i.authority_id
        WHERE {in_region(region)}
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
            "rating_id": "latest.id",
            "council": "a.short_name",
            "region": "a.region",
            "framework": "latest.framework",
            "judgement": "latest.judgement",
            "grade": "latest.grade",
            "framework_grade": "latest.framework_grade",
            "inspected_on": "latest.inspected_on",
            "published_on": "latest.published_on",
            "source": "latest.source",
        },
        f"""
        FROM authorities a
        JOIN ratings latest ON latest.id = {overall_rating_id("a.id")}
        WHERE {CURRENT_AUTHORITY} AND {in_region(region)}
          AND (nullif(:grade, '') IS NULL OR latest.grade = :grade)
          AND (nullif(:framework, '') IS NULL OR latest.framework = :framework)
        ORDER BY {rank_of("latest.grade")} DESC, a.short_name, a.id
        """,
        {"on": on.isoformat(), "grade": grade, "framework": framework, "region": region},
    )


def rating_changes(connection: sqlite3.Connection, on: date, *, region: str | None = None) -> Report:
    """Councils whose overall grade moved between their last two overall ratings by `on`."""
    before, after = rank_of("previous.grade"), rank_of("latest.grade")
    direction = f"CASE WHEN {after} < {before} THEN 'up' ELSE 'down' END"
    return Report(
        connection,
        {
            "council": "a.short_name",
            "region": "a.region",
            "previous_framework": "previous.framework",
            "previous_grade": "previous.grade",
            "previous_published_on": "previous.published_on",
            "previous_inspected_on": "previous.inspected_on",
            "inspected_on": "latest.inspected_on",
            "framework": "latest.framework",
            "grade": "latest.grade",
            "published_on": "latest.published_on",
            "rating_id": "latest.id",
            "source": "latest.source",
            "direction": direction,
        },
        f"""
        FROM authorities a
        JOIN ratings latest ON latest.id = {overall_rating_id("a.id")}
        JOIN ratings previous ON previous.id = {overall_rating_id("a.id", offset=1)}
        WHERE {CURRENT_AUTHORITY} AND {in_region(region)} AND {after} <> {before}
        ORDER BY {direction}, a.short_name, a.id
        """,
        {"on": on.isoformat(), "region": region},
    )


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
            "id": "a.id",
            "slug": "a.slug",
            "short_name": "a.short_name",
            "name": "a.name",
            "ons_code": "a.ons_code",
            "la_code": "a.la_code",
            "region": "a.region",
            "kind": "a.kind",
            "created_on": "a.created_on",
            "ceased_on": "a.ceased_on",
            "succeeded_by": "a.succeeded_by",
            "under_intervention": in_force,
        },
        f"""
        FROM authorities a
        WHERE {in_region(region)} AND (:ceased OR ({CURRENT_AUTHORITY}))
          AND {in_force if under_intervention_only else 1}
        ORDER BY a.short_name
        """,
        {"on": on.isoformat(), "region": region, "ceased": include_ceased},
        booleans=("under_intervention",),
    )


# How far apart the days of a series fall: the step to the next period's last day, and
# how a period is named (SQLite's own date arithmetic, so that the series is one query).
EVERY = {
    "month": ("+1 month", "strftime('%Y-%m', p.day)"),
    "quarter": ("+3 months", "strftime('%Y', p.day) || ' Q' || ((CAST(strftime('%m', p.day) AS INTEGER) + 2) / 3)"),
    "year": ("+1 year", "strftime('%Y', p.day)"),
}
_PERIOD_START = {"month": "start of month", "quarter": "start of month", "year": "start of year"}
OVER_TIME_KINDS = tuple(kind.replace(" ", "_").replace("-", "_") for kind in INTERVENTION_KINDS)
OVER_TIME_GRADES = tuple(f"rated_{grade.replace(' ', '_')}" for grade in GRADES)


def over_time(
    connection: sqlite3.Connection, start: date, end: date, every: str = "month", *, region: str | None = None
) -> Report:
    """For each month (quarter, year) from `start` to `end`, on its last day: how many councils
    were under intervention, under each kind of instrument, and had each latest overall grade.
    Each count is the cross-council report's own rule (in force, latest rating) asked of that day."""
    step, label = EVERY[every]
    # The period's last day stands where the reports' :on stands: the same rules, day by day.
    in_force = bind(INTERVENTION_IN_FORCE, on="p.day")
    rated = bind(overall_rating_id("a.id"), on="p.day")
    current = bind(CURRENT_AUTHORITY, on="p.day")
    first_end = f"date(:start, '{_PERIOD_START[every]}', '{step}', '-1 day')"
    if every == "quarter":  # quarters end in March, June, September, December
        first_end = (
            "date(:start, 'start of month', '+' || ((12 - CAST(strftime('%m', :start) AS INTEGER)) % 3 + 1)"
            " || ' months', '-1 day')"
        )

    # Each day's councils under each instrument, and each day's councils with their latest
    # overall grade, are found once, then counted: one pass over the instruments and one seek
    # per council and day, however many counts are asked of them.
    held = (
        "SELECT p.day AS day, i.authority_id AS authority_id, i.kind AS kind"
        " FROM p JOIN interventions i JOIN authorities a ON a.id = i.authority_id"
        f" WHERE {in_force} AND {in_region(region)}"
    )
    lapsed = (
        "SELECT p.day AS day, count(DISTINCT i.authority_id) AS councils"
        " FROM p JOIN interventions i JOIN authorities a ON a.id = i.authority_id"
        f" WHERE {bind(INTERVENTION_CURRENT, on='p.day')} AND {bind(UNCONFIRMED_ON, on='p.day')}"
        f" AND {in_region(region)} GROUP BY p.day"
    )
    graded = (
        "SELECT p.day AS day, latest.grade AS grade"
        f" FROM p JOIN authorities a LEFT JOIN ratings latest ON latest.id = {rated}"
        f" WHERE {current} AND {in_region(region)}"
    )
    by_kind = ", ".join(
        f"count(DISTINCT CASE WHEN kind = '{kind}' THEN authority_id END) AS {name}"
        for name, kind in zip(OVER_TIME_KINDS, INTERVENTION_KINDS)
    )
    by_grade = ", ".join(f"sum(grade = '{grade}') AS {name}" for name, grade in zip(OVER_TIME_GRADES, GRADES))
    columns = {"period": label, "day": "p.day", "councils_under_intervention": "coalesce(h.councils, 0)"}
    columns |= {name: f"coalesce(h.{name}, 0)" for name in OVER_TIME_KINDS}
    # Councils whose instrument, with no end recorded, is too long unconfirmed to count: not
    # counted above, not dropped either.
    columns["councils_unconfirmed"] = "coalesce(u.councils, 0)"
    columns |= {name: f"coalesce(g.{name}, 0)" for name in OVER_TIME_GRADES}
    # What is not known is counted too: councils of that day with no overall rating recorded by it.
    columns["councils_not_rated"] = "coalesce(g.not_rated, 0)"
    return Report(
        connection,
        columns,
        """FROM p LEFT JOIN h ON h.day = p.day LEFT JOIN u ON u.day = p.day LEFT JOIN g ON g.day = p.day
        ORDER BY p.day""",
        {"start": start.isoformat(), "end": end.isoformat(), "region": region},
        with_clause=f"""
        WITH RECURSIVE p(day) AS (
            SELECT min({first_end}, :end)
            UNION ALL
            SELECT min(date(day, '+1 day', '{step}', '-1 day'), :end) FROM p WHERE day < :end),
        h AS MATERIALIZED (
            SELECT day, count(DISTINCT authority_id) AS councils, {by_kind} FROM ({held}) GROUP BY day),
        u AS MATERIALIZED ({lapsed}),
        g AS MATERIALIZED (
            SELECT day, {by_grade}, sum(grade IS NULL) AS not_rated FROM ({graded}) GROUP BY day)""",
    )


# ---------------------------------------------------------------------------
# The reports the `report` command offers, each a spec: how it is asked for, its query, and
# how its title and its empty answer read. The table that draws each is in render.tables,
# under the spec's name (the core knows nothing of rich).


class Asked(NamedTuple):
    """One asking of a report: the day, the far edge of its window, its filters."""

    on: date
    edge: date | None = None
    region: str | None = None
    kind: str | None = None
    service: str | None = None
    grade: str | None = None
    framework: str | None = None
    every: str = "month"
    start: date = date(2005, 1, 1)

    @property
    def until(self) -> date:
        """The window's far edge, for a report over a window (its spec says so)."""
        if self.edge is None:
            raise ValueError("this report takes no window")
        return self.edge


class ReportSpec(NamedTuple):
    name: str
    flag: str
    help: str
    run: Callable[[sqlite3.Connection, Asked], Report]
    title: Callable[[Asked], str]
    empty: Callable[[Asked], str]
    window: str | None = None  # "ahead" or "back": the report takes a WINDOW
    filters: tuple[str, ...] = ()  # the filters besides --region it accepts


def _day(day: date | None) -> str:
    from intervene.dates import display_date

    return display_date(day.isoformat()) if day else ""


def _where(asked: Asked) -> str:
    return f" in {asked.region}" if asked.region else ""


def _instrument(asked: Asked) -> str:
    what = f"{asked.kind} " if asked.kind else "intervention "
    return what + (f"covering {asked.service} " if asked.service else "")


def _which(asked: Asked) -> str:
    return " ".join(part for part in (asked.grade, asked.framework) if part)


SPECS = (
    ReportSpec(
        "under_intervention",
        "--under-intervention",
        "Councils with an intervention in force.",
        lambda connection, a: under_intervention(connection, a.on, region=a.region, kind=a.kind, service=a.service),
        lambda a: f"Councils{_where(a)} under {_instrument(a)}on {_day(a.on)}",
        lambda a: f"No council{_where(a)} was under {_instrument(a)}on {_day(a.on)}.",
        filters=("kind", "service"),
    ),
    ReportSpec(
        "contracts",
        "--expiring",
        "Contracts ending within WITHIN (default 6 months; '90 days', '1y' or a date).",
        lambda connection, a: contracts_expiring(connection, a.on, a.until, region=a.region),
        lambda a: f"Contracts{_where(a)} ending between {_day(a.on)} and {_day(a.edge)}",
        lambda a: f"No contract{_where(a)} ends between {_day(a.on)} and {_day(a.edge)}.",
        window="ahead",
    ),
    ReportSpec(
        "contracts",
        "--expired",
        "Contracts that ended in the last WITHIN (default 6 months).",
        lambda connection, a: contracts_expired(connection, a.on, a.until, region=a.region),
        lambda a: f"Contracts{_where(a)} that ended between {_day(a.edge)} and {_day(a.on)}",
        lambda a: f"No contract{_where(a)} ended between {_day(a.edge)} and {_day(a.on)}.",
        window="back",
    ),
    ReportSpec(
        "deadlines",
        "--deadlines",
        "Intervention deadlines due within WITHIN (default 6 months), and those overdue.",
        lambda connection, a: deadlines(connection, a.on, a.until, region=a.region),
        lambda a: f"Intervention deadlines{_where(a)} overdue on {_day(a.on)} or due by {_day(a.edge)}",
        lambda a: f"No intervention deadline{_where(a)} is overdue on {_day(a.on)} or due by {_day(a.edge)}.",
        window="ahead",
    ),
    ReportSpec(
        "ratings",
        "--ratings",
        "Each council's latest overall rating, worst first.",
        lambda connection, a: latest_overall_ratings(
            connection, a.on, grade=a.grade, framework=a.framework, region=a.region
        ),
        lambda a: (
            f"Latest overall ratings{_where(a)}{f' ({_which(a)})' if _which(a) else ''} as of {_day(a.on)}, worst first"
        ),
        lambda a: (
            f"No council{_where(a)} had a latest overall rating{f' of {_which(a)}' if _which(a) else ''}"
            f" on {_day(a.on)}."
        ),
        filters=("grade", "framework"),
    ),
    ReportSpec(
        "rating_changes",
        "--changes",
        "With --ratings: councils whose grade moved between their last two.",
        lambda connection, a: rating_changes(connection, a.on, region=a.region),
        lambda a: f"Councils{_where(a)} whose overall grade moved at their last inspection, as of {_day(a.on)}",
        lambda a: f"No council{_where(a)} had a grade move at its last inspection by {_day(a.on)}.",
    ),
    ReportSpec(
        "over_time",
        "--over-time",
        "For each month (--every quarter, year) from --from to --as-of: councils under each kind of"
        " intervention, and with each latest grade.",
        lambda connection, a: over_time(connection, a.start, a.on, a.every, region=a.region),
        lambda a: (
            f"Councils{_where(a)} under intervention and their latest overall grades, by {a.every},"
            f" {_day(a.start)} to {_day(a.on)}"
        ),
        lambda a: f"No {a.every} falls between {_day(a.start)} and {_day(a.on)}.",
        filters=("every", "start"),
    ),
)
