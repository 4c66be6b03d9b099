"""The picture over time: each period's counts are the day-by-day reports, asked of its last day."""

import json
from collections import Counter

import pytest


def series(run, *args) -> dict[str, dict]:
    result = run("report", "--over-time", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return {row["period"]: row for row in json.loads(result.stdout)}


@pytest.mark.parametrize("year", ["2013", "2016"])
def test_a_year_s_counts_agree_with_the_reports_of_its_last_day(run, year):
    row = series(run, "--every", "year")[year]
    day = f"{year}-12-31"
    assert row["day"] == day
    instruments = json.loads(run("report", "--under-intervention", "--as-of", day, "--json").stdout)
    in_force = [item for item in instruments if item["status"] == "in force"]
    assert row["councils_under_intervention"] == len({item["council"] for item in in_force}) > 0
    for kind in ("statutory direction", "improvement notice", "commissioner appointment", "non-statutory support"):
        councils = {item["council"] for item in in_force if item["kind"] == kind}
        assert row[kind.replace(" ", "_").replace("-", "_")] == len(councils), kind
    unconfirmed = {item["council"] for item in instruments if item["status"] == "unconfirmed"}
    assert row["councils_unconfirmed"] == len(unconfirmed)
    grades = Counter(item["grade"] for item in json.loads(run("report", "--ratings", "--as-of", day, "--json").stdout))
    assert {grade: row[f"rated_{grade.replace(' ', '_')}"] for grade in grades} == dict(grades)
    councils = json.loads(run("authorities", "--as-of", day, "--json").stdout)
    assert row["councils_not_rated"] == len(councils) - sum(grades.values())


def test_months_quarters_and_years_end_where_they_should(run):
    months = series(run, "--from", "2013-11", "--as-of", "2014-02-10")
    assert [(period, row["day"]) for period, row in months.items()] == [
        ("2013-11", "2013-11-30"),
        ("2013-12", "2013-12-31"),
        ("2014-01", "2014-01-31"),
        ("2014-02", "2014-02-10"),
    ]
    quarters = series(run, "--every", "quarter", "--from", "2013-02", "--as-of", "2013-12-31")
    assert [row["day"] for row in quarters.values()] == ["2013-03-31", "2013-06-30", "2013-09-30", "2013-12-31"]
    assert list(quarters) == ["2013 Q1", "2013 Q2", "2013 Q3", "2013 Q4"]
    # A month's row is its last day: what that day's own report says.
    november = json.loads(run("report", "--under-intervention", "--as-of", "2013-11-30", "--json").stdout)
    in_force = {item["council"] for item in november if item["status"] == "in force"}
    assert months["2013-11"]["councils_under_intervention"] == len(in_force)


def test_a_region_s_series_counts_only_its_councils(run):
    everywhere = series(run, "--every", "year", "--from", "2016", "--as-of", "2016-12-31")["2016"]
    north_west = series(run, "--every", "year", "--from", "2016", "--as-of", "2016-12-31", "--region", "north west")
    instruments = json.loads(
        run("report", "--under-intervention", "--as-of", "2016-12-31", "--region", "North West", "--json").stdout
    )
    in_force = {item["council"] for item in instruments if item["status"] == "in force"}
    assert (
        north_west["2016"]["councils_under_intervention"] == len(in_force) < everywhere["councils_under_intervention"]
    )


def test_the_table_fits_80_columns_with_its_chart(run):
    out = run("report", "--over-time", "--every", "year", "--table", columns=80).stdout
    assert "under intervention" in out and "▁" in out
    assert "…" not in out.replace("2005 … 2026", "")  # no heading or number cut short
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    assert "Period  Under  Dir  Note  Comm  Supp  Unconf  Out  Good  Adeq  RI  Inad  None" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--expiring", "--every", "year"], "--every goes with --over-time."),
        (["--ratings", "--from", "2010"], "--from goes with --over-time."),
        (["--over-time", "--from", "2030"], "--from 2030 is after the last day asked about"),
        (["--over-time", "--every", "week"], "Invalid value for '--every'"),
    ],
)
def test_over_time_usage_errors(run, args, message):
    result = run("report", *args)
    assert result.exit_code == 2 and message in result.stderr
