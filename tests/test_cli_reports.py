"""The reports end to end, on the seed: table, JSON and CSV give the same answer."""

import csv
import io
import json

import pytest

from intervene import records
from intervene.authorities import resolve_authority


def as_json(run, *args):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def as_csv(run, *args):
    result = run(*args, "--csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_under_intervention_in_2008_lists_stoke_and_its_order(run):
    args = ("report", "--under-intervention", "--as-of", "2008-06-01")
    [row] = [row for row in as_json(run, *args) if row["council"] == "Stoke-on-Trent"]
    assert (row["status"], row["kind"], row["name_at_time"], row["service"], row["issued_on"]) == (
        "in force",
        "statutory direction",
        "intervention order",
        "children's services",
        "2007",
    )
    assert row["days_in_intervention"] == 517
    # The joint area review was published in January 2009: in June 2008 the latest grade was the 2006 APA.
    assert (row["latest_grade"], row["latest_framework"], row["latest_published_on"]) == (
        "inadequate",
        "APA",
        "2006-11-01",
    )
    [line] = [line for line in as_csv(run, *args) if line["council"] == "Stoke-on-Trent"]
    assert (line["kind"], line["name_at_time"], line["issued_on"], line["status"]) == (
        "statutory direction",
        "intervention order",
        "2007",
        "in force",
    )
    table = run(*args, "--table", columns=120).stdout
    assert "Councils under intervention on 1 Jun 2008" in table
    assert 'statutory direction ("intervention order")' in table


def test_under_intervention_in_december_2019_holds_stokes_revised_direction(run):
    args = ("report", "--under-intervention", "--as-of", "2019-12-01")
    rows = as_json(run, *args)
    in_force = {r["council"] for r in rows if r["status"] == "in force"}
    assert {"Stoke-on-Trent", "Birmingham", "Doncaster", "Sunderland", "Worcestershire", "Reading"} <= in_force
    # Ended by then: Sunderland's first direction, Rotherham's directions, Stoke-on-Trent's first direction.
    assert {(r["council"], r["issued_on"]) for r in rows} & {
        ("Sunderland", "2015-07-20"),
        ("Rotherham", "2015-02-26"),
        ("Stoke-on-Trent", "2019-05-16"),
    } == set()
    [row] = [r for r in rows if r["council"] == "Stoke-on-Trent"]
    assert (row["kind"], row["issued_on"], row["issued_by"], row["commissioner"]) == (
        "statutory direction",
        "2019-10-31",
        "Secretary of State for Education (Gavin Williamson)",
        "Eleanor Brazil",
    )
    assert (row["deadline_on"], row["days_to_deadline"], row["days_in_intervention"]) == ("2020-01-31", 61, 31)
    assert (row["latest_grade"], row["latest_published_on"]) == ("inadequate", "2019-03-18")
    [line] = [r for r in as_csv(run, *args) if r["council"] == "Stoke-on-Trent"]
    assert (line["deadline_on"], line["days_to_deadline"]) == ("2020-01-31", "61")
    assert "61 days left" in run(*args).stdout


def test_under_intervention_filters_and_empty_result(run):
    london = as_json(run, "report", "--under-intervention", "--as-of", "2019-12-01", "--region", "London")
    assert london and {r["region"] for r in london} == {"London"}
    west = as_json(run, "report", "--under-intervention", "--as-of", "2019-12-01", "--region", "west midlands")
    assert {r["region"] for r in west} == {"West Midlands"}
    assert {"Birmingham", "Worcestershire", "Stoke-on-Trent"} <= {r["council"] for r in west}
    support = as_json(run, "report", "--under-intervention", "--as-of", "2008-06-01", "--kind", "non-statutory support")
    assert {r["kind"] for r in support} == {"non-statutory support"}
    send = as_json(run, "report", "--under-intervention", "--as-of", "2024-06-01", "--service", "send")
    assert send and {r["service"] for r in send} == {"SEND"}
    result = run("report", "--under-intervention", "--as-of", "2003-06-01")
    assert (result.exit_code, result.stdout) == (0, "No council was under intervention on 1 Jun 2003.\n")
    assert as_csv(run, "report", "--under-intervention", "--as-of", "2003-06-01") == []


def test_expiring_in_october_2009_lists_serco(run):
    args = ("report", "--expiring", "--as-of", "2009-10-01")
    [row] = as_json(run, *args)
    assert (row["council"], row["provider"], row["ends_on"], row["value_pence"], row["days_left"]) == (
        "Stoke-on-Trent",
        "Serco",
        "2010-03",
        520_000_000,
        181,
    )
    assert row["partners"] == ["Shaftesbury Young People", "Tact", "Care and Health"]
    assert (row["extension_possible"], row["intervention_kind"]) == (False, "statutory direction")
    [line] = as_csv(run, *args)
    assert (line["provider"], line["value_pence"], line["partners"]) == (
        "Serco",
        "520000000",
        "Shaftesbury Young People; Tact; Care and Health",
    )
    table = run(*args, "--table").stdout
    assert "Contracts ending between 1 Oct 2009 and 1 Apr 2010" in table
    assert "£5.2m" in table and "Mar 2010" in table


@pytest.mark.parametrize(
    "as_of, within, listed",
    [
        ("2009-10-01", "90 days", False),  # window ends 30 Dec 2009
        ("2010-01-01", "90 days", True),  # window ends 1 Apr 2010: March is inside
        ("2010-03-31", "1 day", True),  # its last day is today
        ("2010-04-01", "1y", False),  # the day after it ended
        ("2009-03-01", "2010-03-01", True),  # a partial end counts if any of its days falls in the window
        ("2009-03-01", "2010-02-28", False),
    ],
)
def test_expiring_window_edges(run, as_of, within, listed):
    rows = as_json(run, "report", "--expiring", within, "--as-of", as_of)
    assert [row["provider"] for row in rows] == (["Serco"] if listed else [])


def test_a_contract_ending_on_the_last_day_of_the_window_is_included(run, connection):
    halton = resolve_authority(connection, "halton")["id"]
    records.add_contract(
        connection, authority_id=halton, provider="Edge Ltd", starts_on="2026-01-01", ends_on="2027-05-24"
    )
    assert [r["provider"] for r in as_json(run, "report", "--expiring", "6 months")] == ["Edge Ltd"]
    assert [r["provider"] for r in as_json(run, "report", "--expiring", "181 days")] == ["Edge Ltd"]
    assert as_json(run, "report", "--expiring", "180 days") == []


def test_expired_lists_what_ended(run):
    [row] = as_json(run, "report", "--expired", "1y", "--as-of", "2010-06-01")
    assert (row["provider"], row["days_left"]) == ("Serco", -62)
    assert as_json(run, "report", "--expired", "--as-of", "2010-03-31") == []


def test_deadlines_due_and_overdue(run):
    [due] = [
        r for r in as_json(run, "report", "--deadlines", "--as-of", "2019-12-01") if r["council"] == "Stoke-on-Trent"
    ]
    assert (due["deadline_on"], due["days_to_deadline"], due["overdue"]) == ("2020-01-31", 61, False)
    rows = as_json(run, "report", "--deadlines", "30 days", "--as-of", "2020-03-01")
    [overdue] = [r for r in rows if r["council"] == "Stoke-on-Trent"]
    assert (overdue["days_to_deadline"], overdue["overdue"]) == (-30, True)
    assert all(r["overdue"] == (r["days_to_deadline"] < 0) for r in rows)
    assert "30 days overdue" in run("report", "--deadlines", "--as-of", "2020-03-01").stdout
    # Once the direction was revoked its deadline is no longer anyone's business.
    later = as_json(run, "report", "--deadlines", "--as-of", "2025-02-10")
    assert "Stoke-on-Trent" not in {r["council"] for r in later}


def test_ratings_worst_first_and_filtered(run):
    rows = as_json(run, "report", "--ratings", "--as-of", "2007-01-01")
    assert [(r["council"], r["grade"]) for r in rows][:3] == [
        ("Bristol", "inadequate"),
        ("Stoke-on-Trent", "inadequate"),
        ("Camden", "outstanding"),
    ]
    assert len(rows) == 9
    apa_1 = as_json(run, "report", "--ratings", "--framework", "apa", "--grade", "1", "--as-of", "2007-01-01")
    assert [r["council"] for r in apa_1] == ["Bristol", "Stoke-on-Trent"]
    today = as_json(run, "report", "--ratings", "--grade", "requires improvement to be good")
    assert ("Stoke-on-Trent", "ILACS", "2022-11-25") in [
        (r["council"], r["framework"], r["published_on"]) for r in today
    ]
    assert {r["grade"] for r in today} == {"requires improvement"}
    lines = as_csv(run, "report", "--ratings", "--grade", "RI")
    assert len(lines) == len(today) and {line["grade"] for line in lines} == {"requires improvement"}


def test_rating_changes(run):
    [row] = [r for r in as_json(run, "report", "--ratings", "--changes") if r["council"] == "Stoke-on-Trent"]
    assert (row["council"], row["previous_grade"], row["grade"], row["direction"]) == (
        "Stoke-on-Trent",
        "inadequate",
        "requires improvement",
        "up",
    )
    [row] = [
        r
        for r in as_json(run, "report", "--ratings", "--changes", "--as-of", "2019-06-01")
        if r["council"] == "Stoke-on-Trent"
    ]
    # The SIF inspection of 2015 is the neighbour the 2019 ILACS one is compared with.
    assert (row["previous_framework"], row["previous_grade"], row["framework"], row["grade"], row["direction"]) == (
        "SIF",
        "requires improvement",
        "ILACS",
        "inadequate",
        "down",
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["report"],
            "Choose a report: --under-intervention, --expiring, --expired, --deadlines, --ratings, --over-time.",
        ),
        (["report", "--expiring", "--ratings"], "Choose one report: --expiring and --ratings were given together."),
        (
            ["report", "--under-intervention", "--deadlines", "1y"],
            "Choose one report: --under-intervention and --deadlines",
        ),
        (["report", "--expiring", "--grade", "good"], "--grade goes with --ratings."),
        (["report", "--ratings", "--kind", "improvement notice"], "--kind goes with --under-intervention."),
        (["report", "--ratings", "--service", "SEND"], "--service goes with --under-intervention."),
        (["report", "--ratings", "--json", "--csv"], "Choose one of --json or --csv."),
    ],
)
def test_report_usage_errors(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["report", "--expiring", "soon"], "Error: 'soon' is neither a length of time"),
        (["report", "--ratings", "--region", "Narnia"], "Error: 'Narnia' is not a region; use one of East Midlands"),
        (["report", "--ratings", "--grade", "brilliant"], "Error: 'brilliant' is not a grade"),
        (["report", "--under-intervention", "--as-of", "2019"], "Error: '2019' is not a single day"),
    ],
)
def test_report_bad_values(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)


def test_timeline_is_every_fact_in_order_with_sources(run, connection):
    rows = as_json(run, "timeline", "stoke")
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates)
    assert all(row["source"] for row in rows)
    facts = [(row["date"], row["what"]) for row in rows]
    for expected in [
        ("2006-11-01", "rating"),
        ("2007", "intervention"),
        ("2007-04", "contract starts"),
        ("2010-03", "contract ends"),
        ("2010", "intervention ended"),
        ("2019-10-31", "intervention"),
        ("2020-01-31", "deadline"),
        ("2025-02-10", "intervention ended"),
    ]:
        assert expected in facts
    # On the day one direction replaced another, the end comes before the new one.
    same_day = [row["what"] for row in rows if row["date"] == "2019-10-31"]
    assert same_day[0] == "intervention ended"
    assert "Timeline of Stoke-on-Trent City Council" in run("timeline", "stoke", "--table").stdout
    halton = resolve_authority(connection, "halton")["id"]
    for table in ("ratings", "interventions", "events"):
        connection.execute(f"DELETE FROM {table} WHERE authority_id = ?", [halton])
    connection.commit()
    assert run("timeline", "halton").stdout == "Nothing is recorded about Halton yet.\n"


def test_authorities(run):
    rows = as_json(run, "authorities")
    assert len(rows) == 153
    west = as_json(run, "authorities", "--region", "west midlands")
    assert len(west) == 14 and all(r["region"] == "West Midlands" for r in west)
    assert len(as_json(run, "authorities", "--all")) == 158
    west = as_json(run, "authorities", "--under-intervention", "--as-of", "2019-12-01", "--region", "west midlands")
    assert {"Birmingham", "Stoke-on-Trent", "Worcestershire"} <= {r["short_name"] for r in west}
    [stoke] = [r for r in west if r["short_name"] == "Stoke-on-Trent"]
    assert (stoke["ons_code"], stoke["la_code"], stoke["under_intervention"]) == ("E06000021", 861, True)
    in_2008 = run("authorities", "--under-intervention", "--as-of", "2008-06-01").stdout
    assert "Stoke-on-Trent" in in_2008 and "Bristol" not in in_2008


def test_csv_neutralises_formulas(run, connection):
    halton = resolve_authority(connection, "halton")["id"]
    records.add_event(
        connection, authority_id=halton, happened_on="2026-01-01", summary='=HYPERLINK("x")', source="@evil"
    )
    [row] = [row for row in as_csv(run, "timeline", "halton") if row["what"] == "event"]
    assert row["summary"] == '\'=HYPERLINK("x")'
    assert row["source"] == "'@evil"


def test_csv_neutralises_every_formula_start():
    from intervene.render.formats import to_csv

    text = to_csv([{"a": start + "x"} for start in ("=", "+", "-", "@", "\t", "\r")] + [{"a": "plain"}, {"a": 5}])
    assert text.splitlines()[1:4] == ["'=x", "'+x", "'-x"]
    assert "'@x" in text and "'\tx" in text and "'\rx" in text
    assert text.rstrip().endswith("plain\n5")
