"""The browser's canned queries are the CLI's reports: same SQL, same rows, same day."""

import json
import sqlite3
from datetime import date

import pytest

from intervene.reports.across import SPECS, Asked
from intervene.web.queries import WEB_NAMES, canned_queries

# (the CLI's arguments, the browser's parameters): each a question a user asks of the seed.
ASKED = [
    (["--under-intervention", "--as-of", "2013-11-18"], {"as_of": "2013-11-18"}),
    (
        ["--under-intervention", "--as-of", "2016-09-20", "--region", "North West"],
        {"as_of": "2016-09-20", "region": "North West"},
    ),
    (
        ["--under-intervention", "--as-of", "2025-12-01", "--kind", "improvement notice", "--service", "SEND"],
        {"as_of": "2025-12-01", "kind": "improvement notice", "service": "SEND"},
    ),
    (["--expiring", "1y", "--as-of", "2009-10-01"], {"as_of": "2009-10-01", "until": "2010-10-01"}),
    (["--expired", "2y", "--as-of", "2011-01-01"], {"as_of": "2011-01-01", "since": "2009-01-01"}),
    (["--deadlines", "2y", "--as-of", "2019-06-01"], {"as_of": "2019-06-01", "until": "2021-06-01"}),
    (
        ["--ratings", "--as-of", "2017-06-01", "--region", "West Midlands"],
        {"as_of": "2017-06-01", "region": "West Midlands"},
    ),
    (
        ["--ratings", "--as-of", "2024-01-01", "--grade", "inadequate", "--framework", "ILACS"],
        {"as_of": "2024-01-01", "grade": "inadequate", "framework": "ILACS"},
    ),
    (["--changes", "--as-of", "2020-01-01"], {"as_of": "2020-01-01"}),
    (["--over-time", "--from", "2013-01", "--as-of", "2014-06-30"], {"as_of": "2014-06-30", "since": "2013-01-01"}),
]


def web_rows(db_path, flag: str, given: dict) -> list[dict]:
    name, params = WEB_NAMES[flag]
    values = {param: given.get(param, "") for param in params}
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    rows = [dict(row) for row in connection.execute(canned_queries()[name]["sql"], values)]
    connection.close()
    spec = next(spec for spec in SPECS if spec.flag == flag)
    return spec.run(None, Asked(date(2000, 1, 1), date(2000, 1, 1))).typed(rows)


@pytest.mark.parametrize("cli_args, given", ASKED, ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_each_canned_query_gives_the_cli_s_rows(run, db_path, cli_args, given):
    result = run("report", *cli_args, "--json")
    assert result.exit_code == 0, result.stderr
    cli = json.loads(result.stdout)
    assert cli, "a question whose answer is empty proves little"
    assert web_rows(db_path, cli_args[0], given) == cli


def test_every_report_has_a_canned_query_with_its_parameters():
    queries = canned_queries()
    reports = set(queries) - {"grades_by_year"}
    assert reports == {name for name, _ in WEB_NAMES.values()} and len(reports) == len(SPECS)
    for query in queries.values():
        named = set(__import__("re").findall(r":(\w+)", query["sql"]))
        assert named == set(query["params"]), query["title"]


def test_empty_fields_mean_today_six_months_and_everywhere(db_path):
    """The browser's clock is the real one (the tests fix only the CLI's)."""
    today = date.today().isoformat()
    ahead = sqlite3.connect(":memory:").execute("SELECT date(?, '+6 months')", [today]).fetchone()[0]
    assert web_rows(db_path, "--under-intervention", {}) == web_rows(db_path, "--under-intervention", {"as_of": today})
    assert web_rows(db_path, "--deadlines", {}) == web_rows(db_path, "--deadlines", {"as_of": today, "until": ahead})


def test_the_browser_s_grades_by_year_are_the_status_card_s(db_path, run):
    view = json.loads(run("status", "stoke", "--as-of", "2024-06-01", "--json").stdout)
    (own,) = [strip["years"] for strip in view["grades_by_year"] if strip["as_council"] is None]
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    query = canned_queries()["grades_by_year"]
    web = [dict(row) for row in connection.execute(query["sql"], {"council": "stoke-on-trent", "as_of": "2024-06-01"})]
    assert web == own
    assert [(row["year"], row["grade"]) for row in web][:4] == [
        (2006, "inadequate"),
        (2007, "inadequate"),
        (2008, "inadequate"),
        (2009, "adequate"),
    ]
