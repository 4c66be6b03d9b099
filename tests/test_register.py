"""The honest model of time: partial ends, confirmations, the unconfirmed state, chains of instruments."""

import json
from datetime import date

import pytest

from conftest import counts, next_id
from intervene import records, reports
from intervene.authorities import resolve_authority


@pytest.fixture
def rutland(connection) -> int:
    """A council the seed records no intervention for."""
    council = resolve_authority(connection, "rutland")["id"]
    assert connection.execute("SELECT count(*) FROM interventions WHERE authority_id = ?", [council]).fetchone()[0] == 0
    return council


def states(connection, on: str) -> dict[int, str]:
    rows = reports.under_intervention(connection, date.fromisoformat(on)).rows()
    return {row["intervention_id"]: row["status"] for row in rows}


def add(connection, council: int, **fields) -> int:
    fields = {"kind": "statutory direction", "source": "test", **fields}
    return records.add_intervention(connection, authority_id=council, **fields)["id"]


def test_a_partial_end_counts_in_force_through_the_last_day_of_its_period(connection, rutland):
    year = add(connection, rutland, issued_on="2007", ended_on="2010", end_reason="lifted")
    month = add(connection, rutland, issued_on="2019-05-16", ended_on="2021-12", end_reason="lifted")
    assert states(connection, "2010-12-31")[year] == "in force"
    assert year not in states(connection, "2011-01-01")
    assert states(connection, "2021-12-31")[month] == "in force"
    assert month not in states(connection, "2022-01-01")


def test_an_end_recorded_to_the_day_is_the_first_day_out_of_force(connection, rutland):
    ended = add(connection, rutland, issued_on="2019-05-16", ended_on="2019-10-31", end_reason="replaced")
    assert states(connection, "2019-10-30")[ended] == "in force"
    assert ended not in states(connection, "2019-10-31")


def test_with_no_end_an_instrument_is_in_force_for_12_months_after_its_last_confirmation(connection, rutland):
    open_ended = add(connection, rutland, issued_on="2020-03-15")
    assert states(connection, "2021-03-15")[open_ended] == "in force"
    assert states(connection, "2021-03-16")[open_ended] == "unconfirmed"
    assert states(connection, "2040-01-01")[open_ended] == "unconfirmed"  # never dropped
    records.confirm_intervention(connection, open_ended, on="2022-06", source="a progress review")
    assert states(connection, "2023-06-30")[open_ended] == "in force"
    assert states(connection, "2023-07-01")[open_ended] == "unconfirmed"
    # A past day before the confirmation: the instrument was in force then too.
    assert states(connection, "2021-09-01")[open_ended] == "in force"


def test_unconfirmed_instruments_are_neither_in_force_for_authorities_nor_deadlines(connection, rutland):
    add(connection, rutland, issued_on="2020-03-15", deadline_on="2020-06-30")
    on = date(2022, 1, 1)
    rutland_rows = [
        row
        for row in reports.authorities(connection, on, under_intervention_only=True).rows()
        if row["short_name"] == "Rutland"
    ]
    assert rutland_rows == []
    assert [
        row for row in reports.deadlines(connection, on, date(2022, 6, 1)).rows() if row["council"] == "Rutland"
    ] == []


def test_json_gives_every_row_its_status_and_last_confirmation(run, connection, rutland):
    add(connection, rutland, issued_on="2020-03-15", source="first source")
    rows = json.loads(run("report", "--under-intervention", "--as-of", "2022-01-01", "--json").stdout)
    assert rows, "the report found nothing"
    assert all(row["status"] in ("in force", "unconfirmed") for row in rows)
    ours = [row for row in rows if row["council"] == "Rutland"]
    assert [(row["status"], row["last_confirmed_on"], row["last_confirmed_source"]) for row in ours] == [
        ("unconfirmed", "2020-03-15", None),
    ]


def test_the_table_shows_unconfirmed_instruments_in_a_section_of_their_own(run, connection, rutland):
    add(connection, rutland, issued_on="2020-03-15")
    table = run("report", "--under-intervention", "--as-of", "2022-01-01", "--table", columns=120).stdout
    heading = "No end recorded; last confirmed in force more than 12 months before: state unconfirmed"
    assert heading in table
    assert "Rutland" in table[table.index(heading) :]


def test_confirm_intervention_records_the_day_and_its_source_audited(run, connection, rutland):
    open_ended = add(connection, rutland, issued_on="2020-03-15")
    result = run("confirm-intervention", str(open_ended), "--on", "4 July 2025", "--source", "Commissioner's report")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Confirmed intervention {open_ended}: Rutland, statutory direction issued 15 Mar 2020, "
        "last confirmed in force 4 Jul 2025\n"
    )
    row = connection.execute(
        "SELECT last_confirmed_on, last_confirmed_source FROM interventions WHERE id = ?", [open_ended]
    ).fetchone()
    assert tuple(row) == ("2025-07-04", "Commissioner's report")
    change = connection.execute(
        "SELECT action, before, after FROM changes WHERE table_name = 'interventions' AND row_id = ? ORDER BY id DESC",
        [open_ended],
    ).fetchone()
    assert change[0] == "confirm"
    assert json.loads(change[1])["last_confirmed_on"] is None
    assert json.loads(change[2])["last_confirmed_on"] == "2025-07-04"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--on", "2025-01-01", "--source", "x"], "Error: there is no intervention with id {missing}"),
        (
            ["--on", "2019-01-01", "--source", "x"],
            "Error: a confirmation on 1 Jan 2019 is before the intervention was issued (15 Mar 2020)",
        ),
        (["--on", "2021-02-30", "--source", "x"], "Error: '2021-02-30' is not a real day: February 2021 has 28 days"),
        (["--on", "2021-06-01", "--source", "   "], "Error: the source cannot be blank"),
        (["--on", "2021-06-01"], "Error: Missing option '--source'."),
        (["--on", "2022-01-01", "--source", "x", "--ended"], None),
        (["--on", "2021-01-01", "--source", "x", "--earlier"], None),
    ],
)
def test_confirm_intervention_refuses_bad_input_and_writes_nothing(run, connection, rutland, args, message):
    open_ended = add(connection, rutland, issued_on="2020-03-15")
    ended = add(connection, rutland, issued_on="2020-03-15", ended_on="2021-12", end_reason="lifted")
    target = open_ended
    if "--ended" in args:
        args, target = args[:-1], ended
        message = f"Error: intervention {ended} ended on Dec 2021; only an instrument with no recorded end is confirmed"
    if "--earlier" in args:
        records.confirm_intervention(connection, open_ended, on="2021-06-01", source="a review")
        args = args[:-1]
        message = (
            f"Error: intervention {open_ended} is already confirmed in force on 1 Jun 2021, no earlier than 1 Jan 2021"
        )
    missing = next_id(connection, "interventions")
    if "{missing}" in message:
        target = missing
    before = counts(connection)
    result = run("confirm-intervention", str(target), *args)
    assert result.exit_code in (1, 2)
    assert result.stderr.splitlines()[-1] == message.format(missing=missing)
    assert counts(connection) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--kind", "statutory direction", "--issued", "2020", "--replaces", "{other}"],
            "Error: intervention {other} is about another council",
        ),
        (
            ["--kind", "statutory direction", "--issued", "2020", "--replaces", "{ours}"],
            "Error: an instrument issued 2020 cannot replace intervention {ours}, issued 1 May 2021",
        ),
        (["--kind", "stern letter", "--issued", "2020"], "Invalid value for '--kind'"),
        (["--kind", "statutory direction", "--issued", "2020", "--service", "bins"], "Invalid value for '--service'"),
    ],
)
def test_add_intervention_checks_what_it_replaces_and_its_words(run, connection, rutland, args, message):
    ours = add(connection, rutland, issued_on="2021-05-01")
    other = connection.execute(
        "SELECT id FROM interventions WHERE authority_id <> ? ORDER BY id LIMIT 1", [rutland]
    ).fetchone()[0]
    args = [arg.format(ours=ours, other=other) for arg in args]
    before = counts(connection)
    result = run("add-intervention", "rutland", *args, "--source", "S")
    assert result.exit_code in (1, 2)
    assert message.format(ours=ours, other=other) in result.stderr
    assert counts(connection) == before


def test_end_intervention_keeps_the_source_of_the_end(run, connection, rutland):
    open_ended = add(connection, rutland, issued_on="2020-03-15")
    result = run("end-intervention", str(open_ended), "--on", "2021-12", "--reason", "lifted", "--source", "a letter")
    assert result.exit_code == 0, result.stderr
    row = connection.execute("SELECT ended_on, end_reason, end_source FROM interventions WHERE id = ?", [open_ended])
    assert tuple(row.fetchone()) == ("2021-12", "lifted", "a letter")


def test_a_chain_of_instruments_is_one_line_in_the_history(run, connection, rutland):
    notice = add(
        connection,
        rutland,
        kind="improvement notice",
        issued_on="2021-03-01",
        ended_on="2021-09-01",
        end_reason="replaced",
    )
    direction = add(
        connection, rutland, issued_on="2021-09-01", replaces_id=notice, ended_on="2022-03-01", end_reason="replaced"
    )
    revised = add(
        connection, rutland, issued_on="2022-03-01", replaces_id=direction, ended_on="2024", end_reason="lifted"
    )
    card = run("status", "rutland", "--as-of", "2025-06-01", columns=200).stdout
    history = card[card.index("History") :]
    assert (
        "improvement notice 1 Mar 2021 → statutory direction 1 Sep 2021 → replaced 1 Mar 2022 → "
        "lifted 2024 (day not known)"
    ) in history
    assert f"interventions {notice}, {direction}, {revised}" in history
    # While the revised direction is in force, the chain so far stands under it.
    card = run("status", "rutland", "--as-of", "2023-01-01", columns=200).stdout
    in_force = card[card.index("Interventions in force") :]
    assert "improvement notice 1 Mar 2021 → statutory direction 1 Sep 2021 → replaced 1 Mar 2022 → in force" in in_force
    assert "History" not in card


def test_the_card_says_when_the_state_is_unconfirmed(run, connection, rutland):
    add(connection, rutland, issued_on="2020-03-15")
    card = run("status", "rutland", "--as-of", "2022-01-01", columns=100).stdout
    assert "No intervention in force on this date." in card
    assert "No end recorded, not confirmed in force in the 12 months before" in card
    assert "no end recorded; last confirmed in force 15 Mar 2020: state unconfirmed" in card
    view = json.loads(run("status", "rutland", "--as-of", "2022-01-01", "--json").stdout)
    assert [item["status"] for item in view["unconfirmed"]] == ["unconfirmed"]
    assert view["interventions"] == []


def test_check_lists_the_unconfirmed_oldest_confirmation_first(run, connection, rutland):
    older = add(connection, rutland, issued_on="2001-01-01")
    newer = add(connection, rutland, issued_on="2001-02-01")
    records.confirm_intervention(connection, older, on="2001-06-01", source="a review")
    lines = [line for line in run("check").stdout.splitlines() if "Rutland" in line]
    assert lines == [
        f"unconfirmed: intervention {newer}, Rutland, statutory direction issued 1 Feb 2001: no end recorded; "
        "last confirmed in force 1 Feb 2001 (test)",
        f"unconfirmed: intervention {older}, Rutland, statutory direction issued 1 Jan 2001: no end recorded; "
        "last confirmed in force 1 Jun 2001 (a review)",
    ]
    assert run("check").exit_code == 0


HOSTILE = "X\x1b]0;owned\x07Y\x9b2J"


def test_control_characters_in_register_text_are_shown_not_sent(run, connection, rutland):
    """A source or name carrying an escape sequence reaches no terminal: the card, the report,
    check and the confirmation line show it as ␛ and ␇ instead."""
    open_ended = add(connection, rutland, issued_on="2020-03-15", name_at_time=HOSTILE, source=HOSTILE)
    confirmed = run("confirm-intervention", str(open_ended), "--on", "2020-06-01", "--source", HOSTILE)
    outputs = [
        confirmed.stdout,
        run("status", "rutland", "--as-of", "2020-07-01").stdout,
        run("report", "--under-intervention", "--as-of", "2022-01-01", "--region", "East Midlands").stdout,
        run("check").stdout,
    ]
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
    assert "X␛]0;owned␇Y\\x9b2J" in outputs[1] + outputs[2] + outputs[3]
    # The stored text is kept exactly as given: only what is printed changes.
    stored = connection.execute(
        "SELECT name_at_time, last_confirmed_source FROM interventions WHERE id = ?", [open_ended]
    ).fetchone()
    assert tuple(stored) == (HOSTILE, HOSTILE)


def test_visible_shows_every_control_character_but_newline_and_tab():
    from intervene.visible import visible

    assert visible("plain — text\nwith\ttabs") == "plain — text\nwith\ttabs"
    assert visible("\x00\x1b\x7f\x85") == "␀␛␡\\x85"
