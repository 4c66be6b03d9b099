"""Dates in SQL (day counts, shape and order), agreeing with intervene.dates for full and partial ISO dates.

A report computes its day counts in its query, so that SQLite can write the
rows as JSON without a pass through Python; `intervene check` finds bad dates
with a query. Each function takes SQL expressions (a column, or a parameter
such as `:on`) and returns one; a NULL date gives NULL.
"""

from __future__ import annotations


def first_day(iso: str) -> str:
    """The first day a (possibly partial) date covers: 2010 → 2010-01-01, 2010-04 → 2010-04-01."""
    return f"substr({iso} || '-01-01', 1, 10)"


def last_day(iso: str) -> str:
    """The last day a (possibly partial) date covers: its first day, on by its precision, less a day."""
    step = f"CASE length({iso}) WHEN 4 THEN '+1 year' WHEN 7 THEN '+1 month' ELSE '+1 day' END"
    return f"date({first_day(iso)}, {step}, '-1 day')"


def days_between(earlier: str, later: str) -> str:
    """Whole days from one full date to another; negative when `later` comes first."""
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def days_until(iso: str, today: str) -> str:
    """Days from `today` to the last day `iso` covers; negative once it has passed."""
    return days_between(today, last_day(iso))


def days_since(iso: str, today: str) -> str:
    """Days from the first day `iso` covers to `today`."""
    return days_between(first_day(iso), today)


def iso_date_shape(column: str) -> str:
    """The column holds ISO text at year, month or day precision (shape only; days are checked in Python)."""
    return (
        "("
        + " OR ".join(
            f"{column} GLOB '{shape}'"
            for shape in (
                "[12][0-9][0-9][0-9]",
                "[12][0-9][0-9][0-9]-[01][0-9]",
                "[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]",
            )
        )
        + ")"
    )


def not_before(later: str, earlier: str) -> str:
    """`later` is not before `earlier`, compared at the coarser of their precisions (as dates.not_before)."""
    width = f"min(length({later}), length({earlier}))"
    return f"(substr({later}, 1, {width}) >= substr({earlier}, 1, {width}))"
