"""What a mature command line does: a mistyped command gets the closest, --db goes before or
after the command, `help`, grouped help that reads at 80 columns, `info`, and a named path
with no database refused rather than made."""

from __future__ import annotations

import json

import pytest

from conftest import counts
from intervene.cli import HEADINGS, LAZY_COMMANDS


def one_line_error(result, code: int, message: str) -> None:
    assert result.exit_code == code
    assert result.stderr.splitlines()[-1] == message
    assert "Traceback" not in result.stderr


def no_database(path) -> str:
    return (
        f"Error: no database at {path}; check the path, or create one there from the seed with `intervene init {path}`"
    )


# Did you mean


def test_a_mistyped_command_gets_the_closest(run):
    result = run("stauts")
    one_line_error(result, 2, "Error: No such command 'stauts'. Did you mean 'status'?")
    assert result.stderr.startswith("Usage: ") and "COMMAND [ARGS]..." in result.stderr.splitlines()[0]


def test_a_mistyped_command_can_be_close_to_several(run):
    one_line_error(run("remve"), 2, "Error: No such command 'remve'. Did you mean 'remove' or 'serve'?")
    one_line_error(
        run("add-contrat"),
        2,
        "Error: No such command 'add-contrat'. Did you mean 'add-contract', 'end-contract' or 'extend-contract'?",
    )


def test_a_command_close_to_none_is_pointed_to_the_list(run):
    one_line_error(run("frobnicate"), 2, "Error: No such command 'frobnicate'. `intervene help` lists them.")


# --db before or after the command


@pytest.fixture
def other_db(tmp_path, seeded_template, connection):
    """A second database, told apart from the first by one event."""
    import shutil

    path = tmp_path / "other.db"
    shutil.copy(seeded_template, path)
    return path


def test_db_after_the_command_means_what_it_means_before(run, other_db, db_path):
    added = run(
        "add-event",
        "halton",
        "Only in the other database",
        "--on",
        "2026-01-01",
        "--source",
        "a note",
        "--db",
        str(other_db),
    )
    assert added.exit_code == 0, added.stderr
    for words in (["timeline", "halton", "--db", str(other_db)], ["--db", str(other_db), "timeline", "halton"]):
        assert "Only in the other database" in run(*words).stdout
    assert "Only in the other database" not in run("timeline", "halton").stdout  # INTERVENE_DB's


def test_db_after_a_report_option_and_after_a_council(run, tmp_path):
    missing = tmp_path / "typo.db"
    expected = no_database(missing)
    one_line_error(run("report", "--expiring", "--db", str(missing)), 1, expected)
    # Read before the council is looked up in the database, whatever their order.
    one_line_error(run("status", "stoke", "--db", str(missing)), 1, expected)
    one_line_error(run("import", "ofsted", "x.csv", "--db", str(missing)), 1, expected)


def test_db_given_twice_differently_is_a_usage_error(run, other_db, db_path):
    result = run("--db", str(db_path), "status", "stoke", "--db", str(other_db))
    one_line_error(
        result,
        2,
        f"Error: --db is given twice, {str(db_path)!r} before the command and {str(other_db)!r} after it; give one",
    )


def test_db_given_twice_the_same_is_accepted(run, db_path):
    same = str(db_path.parent / "." / db_path.name)
    assert run("--db", str(db_path), "status", "stoke", "--db", same).exit_code == 0


def test_db_after_the_command_overrides_the_environment(run, other_db):
    result = run("info", "--json", "--db", str(other_db))
    assert json.loads(result.stdout)["path"] == str(other_db)


# help


@pytest.mark.parametrize("words", [[], ["status"], ["import", "ofsted"]], ids=lambda words: " ".join(words) or "tool")
def test_help_is_the_same_as_dash_dash_help(run, words):
    assert run("help", *words).stdout == run(*words, "--help").stdout
    assert run("help", *words).exit_code == 0


def test_help_of_an_unknown_command_gets_the_closest(run):
    one_line_error(run("help", "stauts"), 2, "Error: No such command 'stauts'. Did you mean 'status'?")
    one_line_error(run("help", "import", "ofstd"), 2, "Error: No such command 'ofstd'. Did you mean 'ofsted'?")


# The help of the tool


def test_help_lists_the_commands_under_headings_in_order(run):
    text = run("--help", columns=80).stdout
    headings = [line for line in text.splitlines() if line and not line.startswith(" ") and line.endswith(":")]
    assert headings == ["Options:", "Read:", "Record:", "Load and serve:", "Database and help:"]
    read = text.split("\nRead:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[0] for line in read] == ["status", "report", "timeline", "authorities", "changes", "search"]
    assert read[0] == "  status                A council's card: ratings, interventions, contracts."


def test_every_command_has_a_heading():
    assert set(HEADINGS) == set(LAZY_COMMANDS)


def test_each_command_is_one_whole_sentence_on_one_line_at_80_columns(run):
    text = run("--help", columns=80).stdout
    commands, epilog = text.split("\nRead:\n", 1)[1].rsplit("\n\n", 1)
    assert epilog == "  `intervene help COMMAND` shows a command's options and an example.\n"
    listed = [line for line in commands.splitlines() if line.startswith("  ")]
    assert len(listed) == len(LAZY_COMMANDS)
    for line in listed:
        assert len(line) <= 80 and line.endswith(".") and not line.endswith("..."), line
        assert line.split()[0] in LAZY_COMMANDS


def test_an_id_shows_no_range_in_help(run):
    for words in (["end-intervention"], ["add-contract"], ["add-intervention"], ["remove"]):
        text = run(*words, "--help").stdout
        assert "9223372036854775807" not in text and "<=x" not in text


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("0", "Error: Invalid value for 'ID': 0 is not an id: ids are whole numbers from 1."),
        (
            "9223372036854775808",
            "Error: Invalid value for 'ID': 9223372036854775808 is not an id: ids are whole numbers from 1.",
        ),
        ("four", "Error: Invalid value for 'ID': 'four' is not a valid integer."),
    ],
)
def test_a_bad_id_is_a_usage_error(run, given, message):
    one_line_error(run("end-contract", given, "--on", "2026-01-01"), 2, message)


# info


def test_info_says_where_the_database_is_and_what_it_holds(run, db_path):
    result = run("info")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    size = (
        db_path.stat().st_size + (db_path.parent / f"{db_path.name}-wal").stat().st_size
        if (db_path.parent / f"{db_path.name}-wal").exists()
        else db_path.stat().st_size
    )
    assert lines[0] == f"Database  {db_path}"
    assert lines[1].startswith("Exists    yes, ") and lines[1].endswith(f"({size:,} bytes)")
    assert lines[2:5] == [
        "Schema    version 11 (latest step: audit_edits_and_undo)",
        "Seed      data as of 9 Feb 2026 (the seed this version makes databases from)",
        "Rows",
    ]
    assert "  authorities            158" in lines and "  ratings              2,806" in lines
    assert "  changes                  0" in lines


def test_info_as_json(run, db_path, connection):
    facts = json.loads(run("info", "--json").stdout)
    assert facts["path"] == str(db_path) and facts["exists"] is True
    assert (facts["schema_version"], facts["schema_step"]) == (11, "audit_edits_and_undo")
    assert facts["seed_date"] == "2026-02-09"
    assert facts["rows"] == counts(connection)


def test_info_on_the_default_before_first_use_creates_nothing(run, tmp_path, monkeypatch):
    monkeypatch.delenv("INTERVENE_DB")
    monkeypatch.setattr("intervene.db.default_path", lambda: str(tmp_path / "app" / "intervene.db"))
    result = run("info")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        f"Database  {tmp_path / 'app' / 'intervene.db'}",
        "Exists    no: made from the seed on first use",
    ]
    assert not (tmp_path / "app").exists()


# A named path with no database


READS = [
    ["status", "stoke"],
    ["report", "--expiring"],
    ["timeline", "stoke"],
    ["authorities"],
    ["changes"],
    ["check"],
    ["export"],
    ["info"],
    ["add-event", "halton", "A write", "--on", "2026-01-01"],
]


@pytest.mark.parametrize("words", READS, ids=" ".join)
def test_a_named_path_with_no_database_is_refused_and_not_made(run, tmp_path, words):
    missing = tmp_path / "typo.db"
    result = run("--db", str(missing), *words)
    one_line_error(result, 1, no_database(missing))
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert not missing.exists()


def test_the_suggested_init_is_quoted_for_the_shell(run, tmp_path):
    missing = tmp_path / "my data.db"
    result = run("status", "stoke", "--db", str(missing))
    assert result.stderr.rstrip().endswith(f"`intervene init '{missing}'`")


def test_the_default_database_is_still_made_on_first_use(run, tmp_path, monkeypatch):
    default = tmp_path / "app" / "intervene.db"
    monkeypatch.delenv("INTERVENE_DB")
    monkeypatch.setattr("intervene.db.default_path", lambda: str(default))
    result = run("status", "stoke")
    assert result.exit_code == 0
    assert result.stderr == f"Created {default} from the seed.\n"
    assert "Stoke-on-Trent City Council" in result.stdout


def test_init_makes_a_database_at_a_new_path(run, tmp_path):
    path = tmp_path / "new.db"
    result = run("init", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Created {path} from the seed.\n")
    assert "Stoke-on-Trent City Council" in run("status", "stoke", "--db", str(path)).stdout


def test_init_takes_its_path_from_db_too(run, tmp_path):
    path = tmp_path / "new.db"
    assert run("init", "--db", str(path)).exit_code == 0
    assert path.is_file()


def test_init_refuses_a_file_already_there_and_leaves_it(run, db_path):
    before = db_path.read_bytes()
    one_line_error(
        run("init", str(db_path)), 1, f"Error: {db_path} already exists; give a new path, or use it as it is with --db"
    )
    assert db_path.read_bytes() == before
