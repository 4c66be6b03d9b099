"""Corrections end to end: edit in place, aliases, removing councils, reopening ends, undo."""

import json

import pytest

from conftest import counts, next_id

STOKE = 123  # Stoke-on-Trent in the seed
TABLES = (
    "authorities",
    "aliases",
    "successions",
    "ratings",
    "interventions",
    "contracts",
    "contract_partners",
    "events",
)


@pytest.fixture
def at_a_terminal(monkeypatch):
    monkeypatch.setattr("intervene.commands.asking.interactive", lambda: True)


def one(connection, sql, *parameters):
    found = connection.execute(sql, parameters).fetchone()
    return None if found is None else tuple(found)


def last_change(connection):
    row = dict(connection.execute("SELECT * FROM changes ORDER BY id DESC LIMIT 1").fetchone())
    row["before"] = json.loads(row["before"]) if row["before"] else None
    row["after"] = json.loads(row["after"]) if row["after"] else None
    return row


def every_row(connection):
    """Every row of every table but the audit trail, to compare a database before and after."""
    return {
        table: [tuple(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2")] for table in TABLES
    }


def rows_of(rows, table):
    return rows[table]


def refused(run, connection, *args, exit_code=1):
    """Run a command that must fail, and check that it wrote nothing."""
    before = counts(connection)
    rows = every_row(connection)
    result = run(*args)
    assert result.exit_code == exit_code, result.output
    assert counts(connection) == before
    assert every_row(connection) == rows
    return result.stderr


# --- edit ---------------------------------------------------------------------------------


def test_editing_a_grade_reads_a_number_on_the_stored_framework_and_keeps_the_id(run, connection):
    assert one(connection, "SELECT framework, grade, framework_grade FROM ratings WHERE id = 1170") == (
        "ILACS",
        "inadequate",
        "Inadequate",
    )
    before = counts(connection)
    result = run("edit", "rating", "1170", "--grade", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Edited rating 1170: Stoke-on-Trent, ILACS children in care good (2), published 18 Mar 2019\n"
    )
    assert one(connection, "SELECT framework, grade, framework_grade FROM ratings WHERE id = 1170") == (
        "ILACS",
        "good",
        "2",
    )
    assert counts(connection) == before | {"changes": before["changes"] + 1}
    change = last_change(connection)
    assert (change["action"], change["table_name"], change["row_id"], change["authority_id"]) == (
        "edit",
        "ratings",
        1170,
        STOKE,
    )
    assert (change["before"]["grade"], change["after"]["grade"]) == ("inadequate", "good")
    assert (change["before"]["framework_grade"], change["after"]["framework_grade"]) == ("Inadequate", "2")


def test_changing_a_framework_checks_the_judgement_and_the_grade_again(run, connection):
    # Rating 1 is APA's "children's services", which SIF never judged.
    error = refused(run, connection, "edit", "rating", "1", "--framework", "SIF")
    assert error.startswith('Error: "children\'s services" is not a judgement of SIF; SIF judged overall')
    # APA numbers upwards: its 1 is inadequate, as rating 1 has it; on SIF's scale 1 is outstanding.
    moved = ("edit", "rating", "1", "--framework", "SIF", "--judgement", "overall effectiveness")
    error = refused(run, connection, *moved)
    assert error == "Error: in SIF, the grade '1' means outstanding, not inadequate; give the grade again\n"
    result = run(*moved, "--grade", "4", "--json")
    assert result.exit_code == 0, result.output
    stored = json.loads(result.stdout)
    assert (stored["id"], stored["framework"], stored["judgement"], stored["grade"], stored["framework_grade"]) == (
        1,
        "SIF",
        "overall effectiveness",
        "inadequate",
        "4",
    )


def test_a_judgement_outside_the_frameworks_list_needs_new_judgement_and_then_stands(run, connection):
    error = refused(run, connection, "edit", "rating", "1170", "--judgement", "fostering")
    assert error.startswith("Error: 'fostering' is not a judgement of ILACS; ILACS judged overall effectiveness")
    result = run("edit", "rating", "1170", "--judgement", "Fostering", "--new-judgement", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["judgement"] == "fostering"
    # Recorded on purpose, it stands while the rest of the rating is corrected.
    assert run("edit", "rating", "1170", "--grade", "good").exit_code == 0
    assert one(connection, "SELECT judgement, grade FROM ratings WHERE id = 1170") == ("fostering", "good")


def test_a_council_is_edited_by_the_rules_it_was_added_by(run, connection):
    result = run("edit", "authority", str(STOKE), "--region", "yorkshire", "--kind", "County", "--json")
    assert result.exit_code == 0, result.output
    stored = json.loads(result.stdout)
    assert (stored["region"], stored["kind"]) == ("Yorkshire and The Humber", "county")
    assert "'east' could be East Midlands or East of England" in refused(
        run, connection, "edit", "authority", str(STOKE), "--region", "east"
    )


def test_a_word_the_framework_never_used_is_refused(run, connection):
    error = refused(run, connection, "edit", "rating", "1170", "--grade", "adequate")
    assert error.startswith("Error: 'adequate' is not a grade in ILACS")


def test_a_note_is_set_then_cleared(run, connection):
    assert run("edit", "event", "1", "--note", "checked").exit_code == 0
    assert one(connection, "SELECT notes FROM events WHERE id = 1") == ("checked",)
    assert run("edit", "event", "1", "--note", "").exit_code == 0
    assert one(connection, "SELECT notes FROM events WHERE id = 1") == (None,)
    change = last_change(connection)
    assert (change["before"]["notes"], change["after"]["notes"]) == ("checked", None)


@pytest.mark.parametrize(
    "args, message",
    [
        (("edit", "contract", "1", "--starts", ""), "it cannot be cleared: a contract needs its first day"),
        (("edit", "intervention", "17", "--issued", " "), "it cannot be cleared: an intervention needs its issue date"),
        (("edit", "intervention", "17", "--kind", "sanction"), "'sanction' is not one of"),
        (("edit", "rating", "1", "--grade", ""), "it cannot be cleared: a rating needs its grade"),
        (("edit", "authority", "1", "--name", ""), "it cannot be cleared: a council needs its name"),
        (("edit", "authority", "1", "--region", ""), "it cannot be cleared: a council needs its region"),
        (("edit", "event", "1", "--source", ""), "it cannot be cleared: an event needs its source"),
        (("edit", "rating", "1", "--source", " "), "it cannot be cleared: a rating needs its source"),
        (("edit", "event", "1"), "Give a field to change, e.g. --on"),
        (("edit", "event", "x", "--note", "n"), "'x' is not a valid integer"),
        (("edit", "school", "1", "--note", "n"), "No such command 'school'"),
    ],
)
def test_usage_errors_write_nothing(run, connection, args, message):
    assert message in refused(run, connection, *args, exit_code=2)


@pytest.mark.parametrize(
    "args, error",
    [
        (("edit", "rating", "999999", "--note", "n"), "there is no rating with id 999999"),
        (("edit", "event", "1", "--on", "2021-02-30"), "'2021-02-30' is not a real day: February 2021 has 28 days"),
        (("edit", "contract", "1", "--ends", "2006"), "the contract ends (2006) before it starts (Apr 2007)"),
        (
            ("edit", "contract", "1", "--ended", "2011"),
            "2011 (to 31 Dec 2011) is not an early end: contract 1 is planned to end Mar 2010",
        ),
        (("edit", "intervention", "123", "--deadline", "2019-01"), "the deadline Jan 2019 is before"),
        (("edit", "intervention", "14", "--reason", "lifted", "--ended", ""), "an end reason needs an end date"),
        (("edit", "intervention", "128", "--replaces", "128"), "intervention 128 cannot replace itself"),
        (
            ("edit", "intervention", "123", "--issued", "2019-11-01", "--deadline", "2019-12", "--ended", "2019-12"),
            "intervention 128, issued 31 Oct 2019, replaces this one: it cannot be issued 1 Nov 2019",
        ),
        (("edit", "authority", str(STOKE), "--ons-code", "E06000055"), "Bedford already has the ONS code E06000055"),
        (("edit", "authority", str(STOKE), "--la-code", "12"), "'12' is not a DfE LA number"),
        (("edit", "rating", "1", "--published", "2030"), "published 2030 is in the future"),
        (("edit", "rating", "1", "--inspected", "2027-01"), "inspected Jan 2027 is in the future"),
        (("edit", "event", "1", "--on", "March 2007"), "event 1 already has these values; nothing was changed"),
    ],
)
def test_bad_values_are_refused_in_one_line_with_nothing_written(run, connection, args, error):
    stderr = refused(run, connection, *args)
    assert stderr.startswith("Error: ") and error in stderr
    assert stderr.count("\n") == 1


def test_an_edit_of_the_end_is_the_same_as_reopening(run, connection):
    assert refused(run, connection, "edit", "intervention", "17", "--ended", "") == (
        "Error: an end reason needs an end date\n"
    )
    result = run("edit", "intervention", "17", "--ended", "", "--reason", "", "--end-source", "")
    assert result.exit_code == 0, result.output
    assert one(connection, "SELECT ended_on, end_reason FROM interventions WHERE id = 17") == (None, None)


# --- add-alias ----------------------------------------------------------------------------


def test_an_alias_is_added_audited_and_then_names_the_council(run, connection):
    before = counts(connection)
    result = run("add-alias", "bedford", "Bedford BC")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added the alias 'Bedford BC' to Bedford.\n"
    bedford = one(connection, "SELECT id FROM authorities WHERE slug = 'bedford'")[0]
    assert one(connection, "SELECT authority_id FROM aliases WHERE alias = 'bedford bc'") == (bedford,)
    assert counts(connection) == before | {"aliases": before["aliases"] + 1, "changes": before["changes"] + 1}
    change = last_change(connection)
    assert (change["table_name"], change["row_id"], change["action"], change["before"], change["after"]) == (
        "aliases",
        bedford,
        "add",
        None,
        {"alias": "Bedford BC", "authority_id": bedford},
    )
    assert "Bedford Borough Council" in run("status", "Bedford BC").stdout


def test_an_alias_of_another_council_is_refused_naming_it(run, connection):
    assert refused(run, connection, "add-alias", "luton", "bedford borough council") == (
        "Error: the alias 'bedford borough council' already names Bedford\n"
    )
    assert refused(run, connection, "add-alias", "bedford", "Bedford Borough Council") == (
        "Error: Bedford already has the alias 'Bedford Borough Council'\n"
    )


# --- remove authority -----------------------------------------------------------------------


def test_a_council_with_facts_is_refused_without_cascade(run, connection):
    error = refused(run, connection, "remove", "authority", str(STOKE), "--yes")
    assert error == (
        "Error: Stoke-on-Trent has 20 ratings, 4 interventions, 1 contract and 6 events recorded; "
        "remove them first, or use --cascade to remove them with it\n"
    )
    assert "--cascade goes with 'remove authority'" in refused(
        run, connection, "remove", "event", "1", "--cascade", "--yes", exit_code=2
    )
    assert "Not at a terminal: add --yes" in refused(
        run, connection, "remove", "authority", str(STOKE), "--cascade", exit_code=2
    )


def test_cascade_asks_at_a_terminal_and_no_writes_nothing(run, connection, at_a_terminal):
    before = counts(connection)
    result = run("remove", "authority", str(STOKE), "--cascade", input="n\n")
    assert result.exit_code == 1
    asked = "Remove council 123: Stoke-on-Trent City Council (stoke-on-trent; E06000021, 861) and its 20 ratings"
    assert f"{asked}, 4 interventions, 1 contract and 6 events?" in result.output
    assert counts(connection) == before


def test_cascade_removes_every_fact_audited_and_undo_puts_all_back(run, connection):
    rows = every_row(connection)
    first_change = next_id(connection, "changes")
    result = run("remove", "authority", str(STOKE), "--cascade", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "32 changes recorded; `intervene undo 32` puts them all back."
    for table in ("ratings", "interventions", "contracts", "events"):
        assert one(connection, f"SELECT count(*) FROM {table} WHERE authority_id = ?", STOKE) == (0,)
    assert one(connection, "SELECT count(*) FROM aliases WHERE authority_id = ?", STOKE) == (0,)
    audited = connection.execute(
        "SELECT table_name, count(*) FROM changes WHERE id >= ? AND action = 'remove' GROUP BY table_name ORDER BY 1",
        [first_change],
    ).fetchall()
    assert [tuple(row) for row in audited] == [
        ("authorities", 1),
        ("contracts", 1),
        ("events", 6),
        ("interventions", 4),
        ("ratings", 20),
    ]
    council = last_change(connection)["before"]
    assert council["aliases"] == [row[0] for row in rows_of(rows, "aliases") if row[1] == STOKE]

    result = run("undo", "32")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + 32  # the headings, then a row a change, newest first
    assert lines[1].split()[:9] == [
        "change",
        str(first_change + 31),
        "(remove",
        "council",
        f"{STOKE})",
        "Stoke-on-Trent",
        "puts",
        "back",
        "council",
    ]
    assert every_row(connection) == rows  # ids, aliases, partners and links all back


# --- reopening an end -----------------------------------------------------------------------


def test_end_intervention_undo_takes_back_the_end_with_its_reason(run, connection):
    result = run("end-intervention", "17", "--undo")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Reopened intervention 17: Stoke-on-Trent, statutory direction")
    assert one(connection, "SELECT ended_on, end_reason, end_source FROM interventions WHERE id = 17") == (
        None,
        None,
        None,
    )
    change = last_change(connection)
    assert (change["action"], change["before"]["ended_on"], change["after"]["ended_on"]) == ("reopen", "2010", None)


def test_end_contract_undo(run, connection):
    assert "contract 1 has no recorded end to take back" in refused(run, connection, "end-contract", "1", "--undo")
    assert run("end-contract", "1", "--on", "2009-12-31").exit_code == 0
    result = run("end-contract", "1", "--undo")
    assert result.stdout == "Reopened contract 1: Stoke-on-Trent, Serco from Apr 2007, to Mar 2010, £5.2m\n"
    assert "--undo takes back the end recorded" in refused(
        run, connection, "end-contract", "1", "--undo", "--on", "2009", exit_code=2
    )


# --- undo -----------------------------------------------------------------------------------


def test_undo_reverses_an_edit_and_undo_again_redoes_it(run, connection):
    run("edit", "event", "1", "--summary", "Serco chosen")
    edit_id = last_change(connection)["id"]
    result = run("undo")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["Undoes", "Council", "Reverse"]
    assert result.stdout.splitlines()[1].startswith(
        f"change {edit_id} (edit event 1)  Stoke-on-Trent  summary: Serco chosen → Serco-led"
    )
    assert one(connection, "SELECT summary FROM events WHERE id = 1")[0].startswith("Serco-led partnership")
    change = last_change(connection)
    assert (change["action"], change["undoes"], change["row_id"]) == ("undo", edit_id, 1)
    [undone] = json.loads(run("undo", "--json").stdout)
    assert (undone["undoes"], undone["undone"], undone["id"], undone["council"]) == (
        edit_id + 1,
        "undo event 1",
        edit_id + 2,
        "Stoke-on-Trent",
    )
    assert undone["after"]["summary"] == "Serco chosen"
    assert one(connection, "SELECT summary FROM events WHERE id = 1") == ("Serco chosen",)
    trail = run("changes", "--limit", "3", columns=200).stdout
    assert f"undo of {edit_id + 1}" in trail and f"undo of {edit_id}" in trail


def test_undo_of_an_add_deletes_it_and_a_redo_brings_back_its_id(run, connection):
    new = next_id(connection, "events")
    run("add-event", "halton", "Something", "--on", "2020-01-01", "--source", "test")
    row = one(connection, "SELECT * FROM events WHERE id = ?", new)
    assert run("undo").exit_code == 0
    assert one(connection, "SELECT * FROM events WHERE id = ?", new) is None
    assert run("undo").exit_code == 0
    assert one(connection, "SELECT * FROM events WHERE id = ?", new) == row


def test_undo_of_a_removed_contract_brings_back_its_partners_and_link(run, connection):
    rows = every_row(connection)
    assert run("remove", "contract", "1", "--yes").exit_code == 0
    assert one(connection, "SELECT count(*) FROM contract_partners WHERE contract_id = 1") == (0,)
    assert run("undo").exit_code == 0
    assert every_row(connection) == rows


def test_undo_of_a_removed_intervention_links_its_contract_again(run, connection):
    rows = every_row(connection)
    assert run("remove", "intervention", "17", "--yes").exit_code == 0
    assert one(connection, "SELECT intervention_id FROM contracts WHERE id = 1") == (None,)
    assert run("undo").exit_code == 0
    assert every_row(connection) == rows


def test_dry_run_says_what_it_would_do_and_writes_nothing(run, connection):
    run("edit", "event", "1", "--note", "a")
    run("edit", "event", "2", "--note", "b")
    result_changes = counts(connection)
    newest = result_changes["changes"]
    result = run("undo", "2", "--dry-run", "--table", columns=80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Would undo (nothing is written), newest first"
    assert [line.split()[:8] for line in lines if line.startswith("change")] == [
        ["change", str(newest), "(edit", "event", "2)", "Stoke-on-Trent", "notes:", "b"],
        ["change", str(newest - 1), "(edit", "event", "1)", "Stoke-on-Trent", "notes:", "a"],
    ]
    assert lines[-1] == "2 changes"
    rows = json.loads(run("undo", "2", "--dry-run", "--json").stdout)
    assert [(row["undoes"], row["undone"], row["before"]["notes"], row["after"]["notes"]) for row in rows] == [
        (newest, "edit event 2", "b", "[inferred] year of the recommendation."),
        (newest - 1, "edit event 1", "a", None),
    ]
    csv = run("undo", "--dry-run", "--csv").stdout.splitlines()
    assert csv[0] == "undoes,undone,id,changed_at,table_name,row_id,authority_id,council,before,after"
    assert csv[1].startswith(f"{newest},edit event 2,{newest + 1},")
    assert counts(connection) == result_changes
    assert one(connection, "SELECT notes FROM events WHERE id = 2") == ("b",)


def test_undo_refuses_a_row_changed_outside_the_trail(run, connection):
    run("edit", "event", "1", "--note", "a")
    change = last_change(connection)["id"]
    connection.execute("UPDATE events SET notes = 'changed by hand' WHERE id = 1")
    connection.commit()
    assert refused(run, connection, "undo") == (
        f"Error: cannot undo change {change} (edit event 1): event 1 has changed since: "
        "its notes is now 'changed by hand', not 'a' as that change left it\n"
    )


def test_undo_refuses_a_removed_row_whose_id_is_taken(run, connection):
    new = next_id(connection, "events")
    run("add-event", "halton", "Something", "--on", "2020-01-01", "--source", "test")
    run("remove", "event", str(new), "--yes")
    connection.execute(
        "INSERT INTO events (id, authority_id, happened_on, summary) VALUES (?, 1, '2021', 'another')", [new]
    )
    connection.commit()
    change = last_change(connection)["id"]
    assert refused(run, connection, "undo") == (
        f"Error: cannot undo change {change} (remove event {new}): its id is now taken: event {new} exists\n"
    )


def test_undo_refuses_removing_a_council_that_facts_refer_to(run, connection):
    new = next_id(connection, "authorities")
    added = run(
        "add-authority",
        "Testshire County Council",
        "--ons-code",
        "E10000099",
        "--kind",
        "county",
        "--region",
        "SE",
        "--source",
        "test",
    )
    assert added.exit_code == 0, added.output
    connection.execute("INSERT INTO events (authority_id, happened_on, summary) VALUES (?, '2021', 'x')", [new])
    connection.commit()
    change = last_change(connection)["id"]
    assert refused(run, connection, "undo") == (
        f"Error: cannot undo change {change} (add council {new}): 1 event now refer to council {new}\n"
    )


def test_undo_refuses_a_whole_file_import_and_an_empty_or_short_trail(run, connection):
    assert refused(run, connection, "undo") == "Error: the audit trail is empty: there is nothing to undo\n"
    run("edit", "event", "1", "--note", "a")
    assert refused(run, connection, "undo", "2") == "Error: the audit trail holds only 1 changes, not 2\n"
    summary = {"file": "x.ods", "ratings_added": 2, "first_id": 1, "last_id": 2, "already_recorded": 0}
    connection.execute(
        "INSERT INTO changes (changed_at, table_name, row_id, action, after)"
        " VALUES ('2026', 'ratings', 1, 'import', ?)",
        [json.dumps(summary)],
    )
    connection.commit()
    change = last_change(connection)["id"]
    assert refused(run, connection, "undo") == (
        f"Error: cannot undo change {change} (import rating 1): it imported 2 ratings from a file at once; "
        "remove those you do not want\n"
    )
    assert "Error: Invalid value for '[N]'" in refused(run, connection, "undo", "0", exit_code=2)


def test_the_undo_table_fits_any_width_without_cutting_a_word(run, connection):
    """As every other table (tests/test_output.py): words whole, from 80 columns nothing wider
    than the screen but a long word, and no trailing space."""
    from intervene.render.styled import width_of

    assert run("remove", "authority", str(STOKE), "--cascade", "--yes").exit_code == 0
    wide = set(run("undo", "32", "--dry-run", "--table", columns=2000).stdout.split())
    for columns in (60, 80, 120):
        lines = run("undo", "32", "--dry-run", "--table", columns=columns).stdout.splitlines()
        assert {word for line in lines for word in line.split() if set(word) != {"─"}} <= wide, columns
        for line in lines:
            assert line == line.rstrip()
            if columns >= 80:
                assert width_of(line) <= columns or any(width_of(word) > columns // 3 for word in line.split())
