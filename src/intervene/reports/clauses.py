"""SQL clauses the read queries share: derived state, written once.

State is derived from dates, never stored; days are counted in SQL (`sqldates`). A
partial date counts from its first day (ISO text sorts it before the days it contains); a
contract's end is its last day, inclusive, so `|| '~'` puts a partial end after every day
it covers. Every clause here is fixed text from the code; values are bound as parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from intervene import sqldates
from intervene.grades import OVERALL_JUDGEMENTS
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


INTERVENTION_ENDED = f"+i.issued_on <= :on AND ((i.ended_on IS NOT NULL AND NOT {ENDED_AFTER}) OR NOT {COUNCIL_EXISTS})"


# Must match the expression that leads the index contracts_by_last_day_covering.
CONTRACT_END = "coalesce(c.ended_on, c.ends_on)"


CONTRACT_DAYS_LEFT = sqldates.days_until(CONTRACT_END, ":on")


CONTRACT_LIVE = f"c.starts_on <= :on AND ({CONTRACT_END} IS NULL OR :on <= {CONTRACT_END} || '~')"

OVERALL = "judgement IN ({})".format(", ".join("'" + name.replace("'", "''") + "'" for name in OVERALL_JUDGEMENTS))


# A council exists on D from the day it was created (where known) until the day it ceased.
CURRENT_AUTHORITY = "(a.ceased_on IS NULL OR a.ceased_on > :on) AND (a.created_on IS NULL OR a.created_on <= :on)"


def in_region(region: str | None) -> str:
    """The region condition, present only when a region is asked for, so that SQLite can use
    authorities_by_region (`:region IS NULL OR …` would hide the index). The region is the
    ONS's spelling, as params.REGION gives it."""
    return "a.region = :region" if region else "1"


# A (possibly partial) end falls within [start, until] when some day it covers does.
# Every date covering a day of :start's year sorts at or after that year, which
# bounds the index range from below.
END_WITHIN = "{end} <= :until AND {end} >= substr(:start, 1, 4) AND {end} || '~' >= :start"


def overall_rating_id(authority: str, offset: int = 0) -> str:
    """SQL for the id of a council's newest (or, with offset 1, previous) overall rating published by :on.

    A seek per council on ratings_by_authority, so the cost follows the councils
    shown, not the size of the ratings table.
    """
    return f"""(
        SELECT r.id FROM ratings r
        WHERE r.authority_id = {authority} AND r.{OVERALL} AND r.dated_on <= :on
        ORDER BY r.dated_on DESC, r.id DESC LIMIT 1 OFFSET {offset})"""


def rank_of(grade: str) -> str:
    """SQL for a grade's rank (1 outstanding … 4 inadequate), from the fixed scale in grades.RANK."""
    from intervene.grades import RANK

    cases = " ".join(f"WHEN '{word}' THEN {rank}" for word, rank in RANK.items())
    return f"(CASE {grade} {cases} END)"


def bind(clause: str, **values: str) -> str:
    """`clause` with each named parameter (`:on`, `:start`…) replaced by an SQL expression, in
    the order given: how a clause asked of one day is asked of a day a query works out (each
    period's last day, the browser's as_of). Names and expressions come from the code."""
    for name, expression in values.items():
        clause = re.sub(rf":{name}\b", _literally(expression), clause)
    return clause


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    # A function as the replacement, so that the expression's text is taken as it is.
    return lambda _match: text
