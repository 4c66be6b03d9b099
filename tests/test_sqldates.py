"""Day counts in SQL agree with intervene.dates, for full and partial dates."""

from __future__ import annotations

import sqlite3
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from intervene import sqldates
from intervene.dates import days_until, first_day, last_day

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(days, st.sampled_from([4, 7, 10]), days)
def test_day_counts_in_sql_agree_with_python_for_full_and_partial_dates(day, precision, today):
    iso = day.isoformat()[:precision]
    sql = "SELECT {}, {}, {}, {}".format(
        sqldates.first_day(":iso"),
        sqldates.last_day(":iso"),
        sqldates.days_until(":iso", ":today"),
        sqldates.days_since(":iso", ":today"),
    )
    with sqlite3.connect(":memory:") as connection:
        answer = connection.execute(sql, {"iso": iso, "today": today.isoformat()}).fetchone()
    assert answer == (
        first_day(iso).isoformat(),
        last_day(iso).isoformat(),
        days_until(iso, today),
        (today - first_day(iso)).days,
    )


def test_a_missing_date_counts_nothing():
    with sqlite3.connect(":memory:") as connection:
        answer = connection.execute(
            f"SELECT {sqldates.last_day(':iso')}, {sqldates.days_until(':iso', ':today')},"
            f" {sqldates.days_since(':iso', ':today')}",
            {"iso": None, "today": "2026-11-24"},
        ).fetchone()
    assert answer == (None, None, None)


def test_a_month_ends_on_its_last_day_in_leap_years_and_others():
    with sqlite3.connect(":memory:") as connection:
        ends = [
            connection.execute(f"SELECT {sqldates.last_day(':iso')}", {"iso": month}).fetchone()[0]
            for month in ("2024-02", "2025-02", "2025-12", "2025")
        ]
    assert ends == ["2024-02-29", "2025-02-28", "2025-12-31", "2025-12-31"]
