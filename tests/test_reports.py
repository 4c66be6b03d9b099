import json
from datetime import date

import pytest

from intervene import reports
from intervene.authorities import resolve_authority


def stoke(connection):
    return resolve_authority(connection, "stoke")


def test_on_1_june_2008_the_order_is_in_force_and_serco_is_live(connection):
    view = reports.status(connection, stoke(connection), date(2008, 6, 1))
    assert [(i["kind"], i["name_at_time"], i["issued_on"]) for i in view["interventions"]] == [
        ("statutory direction", "intervention order", "2007"),
    ]
    [contract] = view["contracts"]
    assert (contract["provider"], contract["value_pence"], contract["starts_on"], contract["ends_on"]) == (
        "Serco",
        520_000_000,
        "2007-04",
        "2010-03",
    )
    assert [p["partner"] for p in contract["partners"]] == ["Shaftesbury Young People", "Tact", "Care and Health"]
    assert contract["days_left"] == (date(2010, 3, 31) - date(2008, 6, 1)).days
    assert view["interventions"][0]["days_in_force"] == (date(2008, 6, 1) - date(2007, 1, 1)).days


def test_on_1_december_2019_the_revised_direction_is_in_force(connection):
    view = reports.status(connection, stoke(connection), date(2019, 12, 1))
    [direction] = view["interventions"]
    assert direction["issued_on"] == "2019-10-31"
    assert direction["issued_by"] == "Secretary of State for Education (Gavin Williamson)"
    assert direction["commissioner"] == "Eleanor Brazil"
    assert direction["deadline_on"] == "2020-01-31"
    assert direction["days_to_deadline"] == 61
    assert view["contracts"] == []
    overall = view["ratings"][0]
    assert (overall["judgement"], overall["grade"], overall["published_on"]) == (
        "overall effectiveness",
        "inadequate",
        "2019-03-18",
    )


def test_deadline_passed_counts_as_overdue(connection):
    view = reports.status(connection, stoke(connection), date(2020, 2, 10))
    assert view["interventions"][0]["days_to_deadline"] == -10


def test_an_intervention_is_not_in_force_on_the_day_it_ends(connection):
    on_the_day = reports.interventions_current(connection, stoke(connection)["id"], date(2025, 2, 10))
    day_before = reports.interventions_current(connection, stoke(connection)["id"], date(2025, 2, 9))
    assert on_the_day == []
    assert [(i["issued_on"], i["status"]) for i in day_before] == [("2019-10-31", "in force")]


def test_a_partial_end_keeps_the_order_in_force_to_the_end_of_its_year(connection):
    """Stoke-on-Trent's 2007 order ended some day in 2010 (the minister who ended it took office in May)."""
    for day in (date(2010, 3, 1), date(2010, 12, 31)):
        [order] = reports.status(connection, stoke(connection), day)["interventions"]
        assert (order["name_at_time"], order["ended_on"], order["status"]) == ("intervention order", "2010", "in force")
    assert reports.status(connection, stoke(connection), date(2011, 1, 1))["interventions"] == []


def test_a_contract_is_live_on_its_last_day_and_not_after(connection):
    authority_id = stoke(connection)["id"]
    assert [c["provider"] for c in reports.contracts_live(connection, authority_id, date(2010, 3, 31))] == ["Serco"]
    assert reports.contracts_live(connection, authority_id, date(2010, 4, 1)) == []
    assert [c["provider"] for c in reports.contracts_finished(connection, authority_id, date(2010, 4, 1))] == ["Serco"]
    assert reports.contracts_finished(connection, authority_id, date(2010, 3, 31)) == []


def test_today_shows_history_and_the_latest_ratings(connection):
    view = reports.status(connection, stoke(connection), date(2026, 11, 24))
    assert view["interventions"] == []
    assert [(i["kind"], i["issued_on"], i["ended_on"], i["end_reason"]) for i in view["past_interventions"]] == [
        ("statutory direction", "2019-10-31", "2025-02-10", "revoked"),
        ("statutory direction", "2019-05-16", "2019-10-31", "replaced"),
        ("statutory direction", "2007", "2010", "lifted"),
        ("non-statutory support", "2006", "2007", "superseded"),
    ]
    revoked, first = view["past_interventions"][:2]
    assert revoked["replaces_id"] == first["id"]
    assert [revoked["id"], first["id"]] not in view["chains"] and [first["id"], revoked["id"]] in view["chains"]
    latest = {r["judgement"]: (r["framework"], r["grade"], r["published_on"]) for r in view["ratings"]}
    assert latest["overall effectiveness"] == ("ILACS", "requires improvement", "2022-11-25")
    assert latest["children in care"] == ("ILACS", "good", "2022-11-25")
    assert latest["children's services"] == ("JAR", "adequate", "2009-01")
    assert view["ratings"][0]["judgement"] == "overall effectiveness"
    assert [c["provider"] for c in view["past_contracts"]] == ["Serco"]
    assert [(r["framework"], r["grade"], r["published_on"]) for r in view["rating_history"]] == [
        ("ILACS", "requires improvement", "2022-11-25"),
        ("ILACS", "inadequate", "2019-03-18"),
        ("SIF", "requires improvement", "2015-08-10"),
        ("SLAC", "adequate", "2011-08-12"),
        ("JAR", "adequate", "2009-01"),
        ("APA", "inadequate", "2006-11-01"),
    ]


def test_before_anything_happened_there_is_nothing(connection):
    view = reports.status(connection, stoke(connection), date(2005, 1, 1))
    assert (view["ratings"], view["interventions"], view["contracts"], view["events"]) == ([], [], [], [])


def test_recent_events_are_newest_first_and_limited(connection):
    events = reports.recent_events(connection, stoke(connection)["id"], date(2026, 11, 24), limit=2)
    assert [e["happened_on"] for e in events] == ["2022-03", "2019-10-31"]


# The cross-council reports: one query gives plain rows for tables and CSV, and JSON
# lines written by SQLite for --json. Both must say the same thing.

REPORTS_ON_DAYS = [
    ("under_intervention", (date(2019, 12, 1),), {}),
    ("under_intervention", (date(2019, 12, 1),), {"region": "West Midlands", "kind": "statutory direction"}),
    ("contracts_expiring", (date(2009, 6, 1), date(2011, 6, 1)), {}),
    ("contracts_expired", (date(2010, 6, 1), date(2009, 6, 1)), {}),
    ("deadlines", (date(2020, 3, 1), date(2020, 9, 1)), {}),
    ("deadlines", (date(2019, 12, 1), date(2020, 6, 1)), {}),
    ("latest_overall_ratings", (date(2007, 1, 1),), {}),
    ("latest_overall_ratings", (date(2026, 11, 24),), {"grade": "inadequate"}),
    ("rating_changes", (date(2019, 6, 1),), {}),
    ("rating_changes", (date(2026, 11, 24),), {"region": "London"}),
    ("authorities", (date(2026, 11, 24),), {"include_ceased": True}),
    ("authorities", (date(2019, 12, 1),), {"under_intervention_only": True, "region": "West Midlands"}),
]


@pytest.mark.parametrize(("name", "days", "options"), REPORTS_ON_DAYS)
def test_each_report_says_the_same_as_json_lines_and_as_rows(connection, name, days, options):
    report = getattr(reports, name)(connection, *days, **options)
    rows = report.rows()
    assert rows, "each case is chosen to return rows"
    assert [json.loads(line) for line in report.json_lines()] == rows
    assert all(list(json.loads(line)) == list(row) for line, row in zip(report.json_lines(), rows))


def test_report_rows_carry_true_false_lists_and_day_counts(connection):
    [serco] = reports.contracts_expiring(connection, date(2009, 6, 1), date(2011, 6, 1)).rows()
    # Serco's end is recorded as a month, so its last day is 31 March 2010.
    assert (serco["provider"], serco["ends_on"], serco["days_left"]) == ("Serco", "2010-03", 303)
    assert serco["partners"] == ["Shaftesbury Young People", "Tact", "Care and Health"]
    assert serco["ended_early"] is False and serco["extension_possible"] is False
    [overdue] = [
        row
        for row in reports.deadlines(connection, date(2020, 3, 1), date(2020, 9, 1)).rows()
        if row["council"] == "Stoke-on-Trent"
    ]
    assert (overdue["deadline_on"], overdue["days_to_deadline"], overdue["overdue"]) == ("2020-01-31", -30, True)


def test_json_lines_escape_what_json_needs_and_keep_other_text(connection):
    council = stoke(connection)["id"]
    provider = 'Ça "va" \\ [Acme]\nLtd\t—'
    connection.execute(
        "INSERT INTO contracts (authority_id, provider, starts_on, ends_on, max_ends_on, value_pence)"
        " VALUES (?, ?, '2026-01-01', '2027-01-31', '2028-01-31', 123)",
        [council, provider],
    )
    contract = connection.execute("SELECT max(id) FROM contracts").fetchone()[0]
    connection.execute(
        "INSERT INTO contract_partners (contract_id, partner) VALUES (?, 'Zeta'), (?, 'Alpha')", [contract, contract]
    )
    report = reports.contracts_expiring(connection, date(2026, 11, 24), date(2027, 2, 1))
    [line], [row] = report.json_lines(), report.rows()
    assert json.loads(line) == row
    assert (row["provider"], row["partners"], row["days_left"]) == (provider, ["Zeta", "Alpha"], 68)
    assert row["extension_possible"] is True
    assert "Ça" in line and "—" in line  # written as they are, not escaped


def test_in_june_2008_there_is_no_joint_area_review_yet(connection):
    before = reports.status(connection, stoke(connection), date(2008, 6, 1))
    assert [(r["framework"], r["grade"]) for r in before["ratings"]] == [("APA", "inadequate")]
    after = reports.status(connection, stoke(connection), date(2009, 2, 1))
    assert {(r["framework"], r["judgement"], r["grade"]) for r in after["ratings"]} >= {
        ("JAR", "children's services", "adequate"),
        ("JAR", "capacity to improve", "good"),
    }
