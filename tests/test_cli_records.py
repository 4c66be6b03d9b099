"""The recording commands end to end: what they print, exit with and write."""

import json

import pytest

from conftest import counts, next_id


@pytest.fixture
def at_a_terminal(monkeypatch):
    monkeypatch.setattr("intervene.commands.asking.interactive", lambda: True)


def test_add_rating_with_a_framework_number(run, connection):
    new = next_id(connection, "ratings")
    result = run(
        "add-rating",
        "stoke",
        "--framework",
        "apa",
        "--grade",
        "1",
        "--published",
        "2006-11",
        "--judgement",
        "capacity to improve",
        "--new-judgement",
        "--source",
        "CYP Now",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Recorded rating {new}: Stoke-on-Trent, APA capacity to improve inadequate (1), published Nov 2006\n"
    )
    row = connection.execute(
        "SELECT grade, framework_grade, framework, published_on, source FROM ratings WHERE id = ?", [new]
    ).fetchone()
    assert tuple(row) == ("inadequate", "1", "APA", "2006-11", "CYP Now")


def test_ilacs_1_is_outstanding_and_json_prints_the_row(run):
    result = run(
        "add-rating",
        "essex",
        "--framework",
        "ilacs",
        "--grade",
        "1",
        "--published",
        "11/08/2024",
        "--source",
        "Ofsted",
        "--json",
    )
    assert result.exit_code == 0
    row = json.loads(result.stdout)
    assert (row["grade"], row["framework_grade"], row["published_on"], row["judgement"]) == (
        "outstanding",
        "1",
        "2024-08-11",
        "overall effectiveness",
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["add-rating", "nowhere", "--grade", "good", "--published", "2024"], "Error: no council matches 'nowhere'"),
        (["add-rating", "sto", "--grade", "good", "--published", "2024"], "Error: 'sto' matches 3 councils"),
        (
            ["add-rating", "stoke", "--grade", "splendid", "--published", "2024"],
            "Error: 'splendid' is not a grade; use outstanding",
        ),
        (
            ["add-rating", "stoke", "--grade", "5", "--framework", "sif", "--published", "2024"],
            "Error: grade '5' is out of range for SIF",
        ),
        (
            ["add-rating", "stoke", "--grade", "good", "--published", "2024-02-30"],
            "Error: '2024-02-30' is not a real day",
        ),
        (
            ["add-rating", "stoke", "--grade", "good", "--framework", "ofsted", "--published", "2024"],
            "Error: 'ofsted' is not a framework",
        ),
        (
            ["add-rating", "stoke", "--grade", "inadequate", "--published", "2019-03-18", "--source", "S"],
            "Error: this rating is already recorded as rating {stoke_2019} (ILACS, overall "
            "effectiveness, published 18 Mar 2019)",
        ),
        (
            [
                "add-intervention",
                "halton",
                "--kind",
                "non-statutory support",
                "--issued",
                "2026-05-01",
                "--deadline",
                "2026-04-01",
                "--source",
                "S",
            ],
            "Error: the deadline 1 Apr 2026 is before the intervention was issued (1 May 2026)",
        ),
        (
            ["end-intervention", "{revoked}", "--on", "2026-01-01", "--source", "S"],
            "Error: intervention {revoked} already ended on 10 Feb 2025",
        ),
        (
            ["end-intervention", "{missing}", "--on", "2026-01-01", "--source", "S"],
            "Error: there is no intervention with id {missing}",
        ),
        (
            ["add-contract", "halton", "--provider", "X", "--starts", "2026-04", "--ends", "2026-01", "--source", "S"],
            "Error: the contract ends (Jan 2026) before it starts (Apr 2026)",
        ),
        (
            ["add-contract", "halton", "--provider", "X", "--starts", "2026", "--term", "3y", "--value", "lots"],
            "Error: 'lots' is not an amount of money",
        ),
        (
            ["add-contract", "halton", "--provider", "X", "--starts", "2026", "--term", "forever"],
            "Error: 'forever' is not a length of time",
        ),
        (
            ["add-contract", "halton", "--provider", "X", "--starts", "2026", "--term", "3y", "--value", "£5,2m"],
            "Error: '£5,2m' is not an amount of money: a comma only separates thousands, as in 5,200,000 or "
            "£1,250.50; use £5.2m",
        ),
        (
            ["add-contract", "halton", "--provider", "X", "--starts", "2026", "--term", "3y", "--value", "1,2,3"],
            "Error: '1,2,3' is not an amount of money: a comma only separates thousands",
        ),
        (["extend-contract", "1", "--to", "2009-01-01"], "Error: 1 Jan 2009 does not extend contract 1"),
        (
            ["extend-contract", "1", "--to", "2010-03-01"],
            "Error: 1 Mar 2010 does not extend contract 1: that would move its last day from 31 Mar 2010 back "
            "to 1 Mar 2010\n",
        ),
        (
            ["extend-contract", "{open_ended}", "--by", "1y"],
            "Error: contract {open_ended} has no end to extend; use --to DATE\n",
        ),
        (
            ["end-contract", "1", "--on", "2015-12-31"],
            "Error: 31 Dec 2015 is not an early end: contract 1 is planned to end Mar 2010 (to 31 Mar 2010);"
            " record an extension first if it ran longer\n",
        ),
        (
            ["end-contract", "1", "--on", "2006-01-01"],
            "Error: the contract cannot end (1 Jan 2006) before it started (Apr 2007)",
        ),
        (["add-event", "halton", "   ", "--on", "2026-01-01"], "Error: an event's summary cannot be blank"),
        (["remove", "rating", "99999", "--yes"], "Error: there is no rating with id 99999"),
        (["add-authority", "Another Council", "--ons-code", "X123"], "Error: 'X123' is not an ONS code"),
        (
            [
                "add-authority",
                "Stoke-on-Trent City Council",
                "--kind",
                "unitary",
                "--region",
                "West Midlands",
                "--source",
                "S",
            ],
            "Error: Stoke-on-Trent already has the slug stoke-on-trent",
        ),
    ],
)
def test_bad_input_is_one_line_exit_1_and_nothing_written(run, connection, args, message):
    ids = {
        "stoke_2019": connection.execute(
            "SELECT r.id FROM ratings r JOIN authorities a ON a.id = r.authority_id WHERE a.slug = 'stoke-on-trent'"
            " AND r.published_on = '2019-03-18' AND r.judgement = 'overall effectiveness'"
        ).fetchone()[0],
        "revoked": connection.execute(
            "SELECT id FROM interventions WHERE ended_on = '2025-02-10' AND end_reason = 'revoked'"
        ).fetchone()[0],
        "missing": next_id(connection, "interventions"),
        "open_ended": connection.execute(
            "SELECT min(id) FROM contracts WHERE ends_on IS NULL AND ended_on IS NULL"
        ).fetchone()[0],
    }
    args, message = [arg.format(**ids) for arg in args], message.format(**ids)
    before = counts(connection)
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert counts(connection) == before


@pytest.mark.parametrize(
    "args, missing",
    [
        (["add-rating", "stoke", "--grade", "good"], "Missing option '--published'."),
        (["add-rating"], "Missing argument 'AUTHORITY'."),
        (["add-intervention", "halton", "--issued", "2026"], "Missing option '--kind'."),
        (["add-contract", "halton", "--provider", "X", "--starts", "2026"], "Missing option '--ends' or '--term'."),
        (
            ["add-contract", "halton", "--provider", "X", "--starts", "2026", "--ends", "2027", "--term", "1y"],
            "Give --ends or --term, not both.",
        ),
        (["extend-contract", "1"], "Give one of --to DATE or --by LENGTH."),
        (["add-event", "halton", "Something"], "Missing option '--on'."),
        (["remove", "event", "1"], "Not at a terminal: add --yes to remove without confirmation."),
        (["remove", "school", "1"], "Invalid value for '{rating|intervention|contract|event|authority}'"),
        (["end-intervention", "four", "--on", "2026"], "'four' is not a valid integer"),
    ],
)
def test_without_a_terminal_missing_values_are_usage_errors(run, connection, args, missing):
    before = counts(connection)
    result = run(*args)
    assert result.exit_code == 2
    assert missing in result.stderr
    assert counts(connection) == before


def test_add_rating_alone_walks_through_it_at_a_terminal(run, connection, at_a_terminal):
    new = next_id(connection, "ratings")
    result = run("add-rating", input="halton\nsplendid\nRI\n2024-13-01\n20/02/2024\nOfsted report\n")
    assert result.exit_code == 0, result.output
    assert "Council (name, ONS code or LA number):" in result.output
    assert "Grade (outstanding, good, requires improvement, inadequate, or 1-4 on the ILACS scale)" in result.output
    assert "Error: 'splendid' is not a grade" in result.output
    assert "Error: '2024-13-01' has no month 13" in result.output
    assert (
        f"Recorded rating {new}: Halton, ILACS overall effectiveness requires improvement, published 20 Feb 2024"
        in result.output
    )
    row = connection.execute("SELECT grade, framework_grade, published_on FROM ratings WHERE id = ?", [new]).fetchone()
    assert tuple(row) == ("requires improvement", "Requires improvement to be good", "2024-02-20")


def test_add_contract_prompts_for_an_end_as_date_or_term(run, connection, at_a_terminal):
    new = next_id(connection, "contracts")
    result = run("add-contract", "halton", input="Acme\n2026-04\n3y\nCouncil minutes\n")
    assert result.exit_code == 0, result.output
    assert f"Recorded contract {new}: Halton, Acme from Apr 2026, to Mar 2029" in result.output


def test_remove_asks_and_a_no_writes_nothing(run, connection, at_a_terminal):
    before = counts(connection)
    result = run("remove", "event", "1", input="n\n")
    assert result.exit_code == 1
    assert "Remove event 1: Stoke-on-Trent, Mar 2007" in result.output
    assert counts(connection) == before
    result = run("remove", "event", "1", input="y\n")
    assert result.exit_code == 0
    assert counts(connection)["events"] == before["events"] - 1


def test_term_keeps_precision(run, connection):
    result = run(
        "add-contract",
        "halton",
        "--provider",
        "Acme",
        "--starts",
        "1 April 2026",
        "--term",
        "3y",
        "--source",
        "S",
        "--json",
    )
    assert json.loads(result.stdout)["ends_on"] == "2029-03-31"
    result = run(
        "add-contract", "halton", "--provider", "Acme", "--starts", "2026", "--term", "2y", "--source", "S", "--json"
    )
    assert json.loads(result.stdout)["ends_on"] == "2027"


def test_the_whole_flow_and_the_audit_trail(run, connection):
    contract, event = next_id(connection, "contracts"), next_id(connection, "events")
    assert (
        run(
            "add-intervention",
            "halton",
            "--kind",
            "Statutory Direction",
            "--issued",
            "5 Jan 2026",
            "--deadline",
            "31/07/2026",
            "--by",
            "Secretary of State",
            "--commissioner",
            "A. Person",
            "--source",
            "DfE letter",
        ).exit_code
        == 0
    )
    intervention = connection.execute("SELECT * FROM interventions ORDER BY id DESC").fetchone()
    assert (intervention["kind"], intervention["issued_on"], intervention["deadline_on"]) == (
        "statutory direction",
        "2026-01-05",
        "2026-07-31",
    )
    result = run(
        "add-contract",
        "halton",
        "--provider",
        "Acme [Trust]",
        "--starts",
        "2026-04-01",
        "--ends",
        "2029-03-31",
        "--value",
        "£2.5m",
        "--partner",
        "Beta",
        "--partner",
        "Gamma",
        "--max-ends",
        "2030-03-31",
        "--intervention",
        str(intervention["id"]),
        "--source",
        "Council minutes",
    )
    assert (
        result.stdout == f"Recorded contract {contract}: Halton, Acme [Trust] from 1 Apr 2026, to 31 Mar 2029, £2.5m\n"
    )
    assert run("extend-contract", str(contract), "--by", "1y").stdout == (
        f"Extended contract {contract}: Halton, Acme [Trust] from 1 Apr 2026, to 31 Mar 2030, £2.5m\n"
    )
    refused = run("extend-contract", str(contract), "--by", "1y")
    assert refused.exit_code == 1
    assert "use --force to record it anyway" in refused.stderr
    assert run("extend-contract", str(contract), "--by", "1y", "--force").exit_code == 0
    assert run("end-contract", str(contract), "--on", "2027-01-01").exit_code == 0
    assert (
        run(
            "end-intervention", str(intervention["id"]), "--on", "2026-10-01", "--reason", "lifted", "--source", "DfE"
        ).exit_code
        == 0
    )
    assert run("add-event", "halton", "Council meeting", "--on", "2026-11-01", "--source", "minutes").exit_code == 0
    assert (
        run("remove", "event", str(event), "--yes").stdout
        == f"Removed event {event}: Halton, 1 Nov 2026: Council meeting\n"
    )

    trail = json.loads(run("changes", "halton", "--json").stdout)
    assert [(c["action"], c["table_name"]) for c in trail] == [
        ("remove", "events"),
        ("add", "events"),
        ("end", "interventions"),
        ("end", "contracts"),
        ("extend", "contracts"),
        ("extend", "contracts"),
        ("add", "contracts"),
        ("add", "interventions"),
    ]
    assert trail[4]["before"]["ends_on"] == "2030-03-31" and trail[4]["after"]["ends_on"] == "2031-03-31"
    table = run("changes", "halton").stdout
    assert "ends_on: 2029-03-31 → 2030-03-31" in table
    assert "Acme [Trust]" in table  # rich markup in user text is shown, not swallowed
    assert run("changes", "bristol").stdout == "No changes recorded.\n"


def test_add_authority_then_find_it(run, connection):
    new = next_id(connection, "authorities")
    result = run(
        "add-authority",
        "Testshire County Council",
        "--ons-code",
        "e10000999",
        "--la-code",
        "999",
        "--region",
        "South East",
        "--kind",
        "county",
        "--alias",
        "Testy",
        "--source",
        "ONS",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Recorded council {new}: Testshire County Council (testshire; E10000999, 999)\n"
    assert "Testshire County Council" in run("status", "testy").stdout


def test_user_text_is_shown_as_written(run, connection):
    from intervene import records

    records.add_contract(
        connection, authority_id=48, provider=":fire: [bold]Ltd[/bold]", starts_on="2026-01-01", ends_on="2030-01-01"
    )
    assert ":fire: [bold]Ltd[/bold]" in run("status", "halton").stdout
