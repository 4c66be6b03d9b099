"""Input checked where it enters: grades in their framework's words, judgements from its list,
no rating dated in the future, ONS regions, a council's kind, region and codes, a source for
every fact; at a terminal a bad answer is asked again, without one a missing value is a usage
error; and nothing refused is ever written."""

import csv
import json

import pytest

from conftest import counts, next_id
from intervene import records
from intervene.errors import InterveneError
from intervene.importers.ofsted import import_ofsted
from intervene.registry import canonical_region
from intervene.vocab import JUDGEMENTS, REGIONS


@pytest.fixture
def at_a_terminal(monkeypatch):
    monkeypatch.setattr("intervene.commands.asking.interactive", lambda: True)


@pytest.fixture
def halton(connection) -> int:
    return connection.execute("SELECT id FROM authorities WHERE slug = 'halton'").fetchone()[0]


def refused(run, connection, args, message, exit_code=1, input=None):
    """Run a command that must be refused: its one line, its exit status, and nothing written."""
    before = counts(connection)
    result = run(*args, input=input)
    assert result.exit_code == exit_code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1] == message, result.stderr
    if exit_code == 1:
        assert len(lines) == 1
    assert result.stdout == ""
    assert counts(connection) == before
    return result


def last_rating(connection) -> dict:
    return dict(
        connection.execute(
            "SELECT framework, judgement, grade, framework_grade, inspected_on, published_on, source FROM ratings"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
    )


# ---------------------------------------------------------------------------
# Grades in their framework's words.


def test_a_grade_its_framework_never_used_is_refused_naming_its_words(run, connection):
    refused(
        run,
        connection,
        ["add-rating", "halton", "--framework", "sif", "--grade", "adequate", "--published", "2015", "--source", "S"],
        "Error: 'adequate' is not a grade in SIF; SIF judged outstanding, good, requires improvement, inadequate",
    )


def test_a_grade_in_its_frameworks_words_is_written_as_given(run, connection):
    new = next_id(connection, "ratings")
    result = run(
        "add-rating", "halton", "--framework", "slac", "--grade", "Adequate", "--published", "2012-03", "--source", "S"
    )
    assert result.stdout == f"Recorded rating {new}: Halton, SLAC safeguarding adequate, published Mar 2012\n"
    assert last_rating(connection) == {
        "framework": "SLAC",
        "judgement": "safeguarding",
        "grade": "adequate",
        "framework_grade": "Adequate",
        "inspected_on": None,
        "published_on": "2012-03",
        "source": "S",
    }


def test_records_refuses_a_foreign_grade_whoever_calls_it(connection, halton):
    before = counts(connection)
    with pytest.raises(InterveneError, match="^'adequate' is not a grade in ILACS; ILACS judged outstanding"):
        records.add_rating(
            connection,
            authority_id=halton,
            framework="ILACS",
            judgement="overall effectiveness",
            grade="adequate",
            framework_grade="Adequate",
            published_on="2024-01-01",
        )
    assert counts(connection) == before


# ---------------------------------------------------------------------------
# Judgements from each framework's list.


def test_the_lists_are_exactly_what_the_seed_holds(connection):
    held: dict[str, set[str]] = {}
    for framework, judgement in connection.execute("SELECT DISTINCT framework, judgement FROM ratings"):
        held.setdefault(framework, set()).add(judgement)
    assert held == {framework: set(judgements) for framework, judgements in JUDGEMENTS.items()}


def test_an_unknown_judgement_is_refused_listing_the_frameworks(run, connection):
    refused(
        run,
        connection,
        ["add-rating", "halton", "--grade", "good", "--published", "2024-01-01", "--judgement", "nonsense judgement"],
        "Error: 'nonsense judgement' is not a judgement of ILACS; ILACS judged overall effectiveness, impact of "
        "leaders, help and protection, children in care, care leavers (to record another, add --new-judgement)",
    )
    refused(
        run,
        connection,
        ["add-rating", "halton", "--framework", "slac", "--grade", "good", "--published", "2012"]
        + ["--judgement", "overall effectiveness", "--source", "S"],
        "Error: 'overall effectiveness' is not a judgement of SLAC; SLAC judged safeguarding, looked after children "
        "(to record another, add --new-judgement)",
    )


def test_a_new_judgement_is_recorded_only_when_said(run, connection):
    args = ["add-rating", "halton", "--grade", "good", "--published", "2024-01-01", "--source", "S"]
    result = run(*args, "--judgement", "  Early  Help ", "--new-judgement")
    assert result.exit_code == 0, result.stderr
    assert last_rating(connection)["judgement"] == "early help"
    # The next one is refused again: a judgement off the list is never taken by accident.
    refused(
        run,
        connection,
        [*args[:5], "2024-01-02", *args[6:], "--judgement", "early help"],
        "Error: 'early help' is not a judgement of ILACS; ILACS judged overall effectiveness, impact of leaders, "
        "help and protection, children in care, care leavers (to record another, add --new-judgement)",
    )
    warning = "warning: rating with a judgement its framework's list does not hold: 1 rating: Halton ("
    assert any(line.startswith(warning) for line in run("check").stdout.splitlines())


@pytest.mark.parametrize(
    "framework, given, stored",
    [
        ("ILACS", None, "overall effectiveness"),
        ("SLAC", None, "safeguarding"),
        ("CPI", None, "child protection"),
        ("TLAC", None, "looked after children"),
        ("APA", None, "children's services"),
        ("SIF", "Help and  Protection", "help and protection"),
    ],
)
def test_a_judgement_is_its_frameworks_own_and_defaults_to_its_headline(run, connection, framework, given, stored):
    args = ["add-rating", "halton", "--framework", framework, "--grade", "1", "--published", "2012", "--source", "S"]
    result = run(*args, *(["--judgement", given] if given else []))
    assert result.exit_code == 0, result.stderr
    assert (last_rating(connection)["framework"], last_rating(connection)["judgement"]) == (framework, stored)


# ---------------------------------------------------------------------------
# No rating dated in the future (today is pinned to 24 November 2026).


@pytest.mark.parametrize(
    "args, message",
    [
        (["--published", "2030"], "Error: published 2030 is in the future; record a rating once it is out"),
        (["--published", "2026-12"], "Error: published Dec 2026 is in the future; record a rating once it is out"),
        (
            ["--inspected", "25/11/2026", "--published", "2026-11-20"],
            "Error: inspected 25 Nov 2026 is in the future; record a rating once it is out",
        ),
        (
            ["--published", "tomorrow"],
            "Error: published 25 Nov 2026 is in the future; record a rating once it is out",
        ),
    ],
)
def test_a_rating_dated_in_the_future_is_refused(run, connection, args, message):
    refused(run, connection, ["add-rating", "halton", "--grade", "good", "--source", "S", *args], message)


def test_a_rating_dated_today_or_this_month_is_taken(run, connection):
    assert run("add-rating", "halton", "--grade", "good", "--published", "today", "--source", "S").exit_code == 0
    assert last_rating(connection)["published_on"] == "2026-11-24"
    result = run("add-rating", "halton", "--grade", "good", "--published", "2026-11", "--judgement", "care leavers",
                 "--source", "S")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert last_rating(connection)["published_on"] == "2026-11"


def test_records_refuses_a_future_inspection_whoever_calls_it(connection, halton):
    with pytest.raises(InterveneError, match="^inspected 1 Dec 2026 is in the future"):
        records.add_rating(
            connection,
            authority_id=halton,
            framework="ILACS",
            judgement="overall effectiveness",
            grade="good",
            framework_grade="Good",
            inspected_on="2026-12-01",
            published_on="2026",
        )


def test_the_ofsted_importer_counts_the_future_from_the_one_today(tmp_path, connection):
    """A publication after the pinned today is skipped, one before it taken, whatever the clock says."""
    path = tmp_path / "outcomes.csv"
    header = ["Local authority area code", "Local authority name", "Inspection date", "Publication date"]
    header += ["Overall effectiveness"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [header, ["E06000006", "Halton", "2026-10-01", "2026-11-20", "Good"]]
            + [["E06000009", "Blackpool", "2026-10-01", "2026-11-26", "Good"]]
        )
    result = import_ofsted(connection, path)
    assert result.ratings_added == 1
    assert [problem["reason"] for problem in result.problems] == ["outcomes row 3: published 2026-11-26, in the future"]


# ---------------------------------------------------------------------------
# Regions.


@pytest.mark.parametrize(
    "given, region",
    [
        ("yorkshire", "Yorkshire and The Humber"),
        ("Yorkshire & Humber", "Yorkshire and The Humber"),
        ("NE", "North East"),
        ("nw", "North West"),
        ("london", "London"),
        ("west mid", "West Midlands"),
        ("EAST OF ENGLAND", "East of England"),
        ("East of", "East of England"),
    ],
)
def test_a_region_by_its_name_start_or_initials(given, region):
    assert canonical_region(given) == region


@pytest.mark.parametrize(
    "given, message",
    [
        ("north", "'north' could be North East or North West; give more of the name"),
        ("east", "'east' could be East Midlands or East of England; give more of the name"),
        ("south", "'south' could be South East or South West; give more of the name"),
        ("Narnia", f"'Narnia' is not a region; use one of {', '.join(REGIONS)}"),
        ("  ", f"no region given; use one of {', '.join(REGIONS)}"),
    ],
)
def test_a_region_not_known_or_ambiguous_is_refused(given, message):
    with pytest.raises(InterveneError) as error:
        canonical_region(given)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--ratings", "--region", "Narnia"],
        ["report", "--under-intervention", "--region", "Narnia"],
        ["authorities", "--region", "Narnia"],
    ],
)
def test_every_region_option_refuses_a_region_that_is_not_one(run, connection, args):
    refused(run, connection, args, f"Error: 'Narnia' is not a region; use one of {', '.join(REGIONS)}")


def test_a_report_takes_a_region_by_its_start(run):
    rows = json.loads(run("report", "--ratings", "--region", "yorks", "--json").stdout)
    assert len(rows) == 15 and {row["region"] for row in rows} == {"Yorkshire and The Humber"}
    result = run("authorities", "--region", "north")
    assert (result.exit_code, result.stderr) == (1, "Error: 'north' could be North East or North West; give more "
                                                    "of the name\n")  # fmt: skip


# ---------------------------------------------------------------------------
# A council: its kind and region, its codes, its source.

COUNCIL = ["add-authority", "Testshire County Council"]


def test_a_council_is_written_as_given(run, connection):
    new = next_id(connection, "authorities")
    result = run(
        *COUNCIL,
        *["--kind", "County", "--region", "se", "--ons-code", "e10000999", "--la-code", " 999 "],
        *["--source", "Testshire County Council, 'About us'", "--json"],
    )
    assert result.exit_code == 0, result.stderr
    row = connection.execute(
        "SELECT slug, name, short_name, ons_code, la_code, region, kind, source FROM authorities WHERE id = ?", [new]
    ).fetchone()
    assert tuple(row) == (
        "testshire",
        "Testshire County Council",
        "Testshire",
        "E10000999",
        999,
        "South East",
        "county",
        "Testshire County Council, 'About us'",
    )
    assert json.loads(result.stdout)["region"] == "South East"


def test_a_council_without_codes_is_taken(run, connection):
    result = run(*COUNCIL, "--kind", "unitary", "--region", "london", "--source", "S")
    assert result.exit_code == 0, result.stderr
    row = connection.execute("SELECT ons_code, la_code, region FROM authorities WHERE slug = 'testshire'").fetchone()
    assert tuple(row) == (None, None, "London")


@pytest.mark.parametrize(
    "args, message, exit_code",
    [
        ([], "Error: Missing option '--kind'.", 2),
        (["--kind", "unitary"], "Error: Missing option '--region'.", 2),
        (["--kind", "unitary", "--region", "London"], "Error: Missing option '--source'.", 2),
        (
            ["--kind", "parish", "--region", "London", "--source", "S"],
            "Error: Invalid value for '--kind': 'parish' is not one of 'unitary', 'county', 'metropolitan borough', "
            "'london borough', 'city corporation'.",
            2,
        ),
        (
            ["--kind", "unitary", "--region", "Narnia", "--source", "S"],
            f"Error: 'Narnia' is not a region; use one of {', '.join(REGIONS)}",
            1,
        ),
        (
            ["--kind", "unitary", "--region", "London", "--source", "S", "--ons-code", "W06000001"],
            "Error: 'W06000001' is not an ONS code; an English council's is E06, E07, E08, E09 or E10 and six "
            "digits, e.g. E06000021",
            1,
        ),
        (
            ["--kind", "unitary", "--region", "London", "--source", "S", "--la-code", "86"],
            "Error: '86' is not a DfE LA number; they have three digits, e.g. 861",
            1,
        ),
        (
            ["--kind", "unitary", "--region", "London", "--source", "   "],
            "Error: the source cannot be blank",
            1,
        ),
    ],
)
def test_a_council_missing_or_wrong_is_refused(run, connection, args, message, exit_code):
    refused(run, connection, [*COUNCIL, *args], message, exit_code)


def test_records_refuses_a_council_without_kind_or_region(connection):
    before = counts(connection)
    for given in ({"kind": "unitary"}, {"region": "London"}):
        with pytest.raises(InterveneError, match="^a council needs its kind and its region$"):
            records.add_authority(connection, name="New Council", short_name="New", slug="new", **given)
    with pytest.raises(InterveneError, match="^'Narnia' is not an ONS region; use one of East Midlands"):
        records.add_authority(connection, name="New Council", short_name="New", slug="new", kind="unitary",
                              region="Narnia")  # fmt: skip
    assert counts(connection) == before


# ---------------------------------------------------------------------------
# A source for every fact; at a terminal, asked for and asked again.


@pytest.mark.parametrize(
    "args",
    [
        ["add-rating", "halton", "--grade", "good", "--published", "2024-01-01"],
        ["add-intervention", "halton", "--kind", "improvement notice", "--issued", "2026-01-01"],
        ["add-contract", "halton", "--provider", "Acme", "--starts", "2026-04", "--term", "3y"],
        ["add-event", "halton", "Something", "--on", "2026-01-01"],
        ["end-intervention", "187", "--on", "2026-01-01"],
        ["confirm-intervention", "187", "--on", "2026-01-01"],
    ],
)
def test_without_a_terminal_a_fact_without_its_source_is_a_usage_error(run, connection, args):
    refused(run, connection, args, "Error: Missing option '--source'.", exit_code=2)


def test_add_authority_at_a_terminal_asks_again_until_each_answer_parses(run, connection, at_a_terminal):
    new = next_id(connection, "authorities")
    answers = ["Testshire County Council", "parish", "county", "Narnia", "north", "north w", "  ", "ONS register"]
    result = run("add-authority", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: 'parish' is not one of 'unitary', 'county'" in result.output
    assert f"Error: 'Narnia' is not a region; use one of {', '.join(REGIONS)}" in result.output
    assert "Error: 'north' could be North East or North West; give more of the name" in result.output
    assert "Error: the source cannot be blank" in result.output
    assert result.output.endswith(f"Recorded council {new}: Testshire County Council (testshire)\n")
    row = connection.execute("SELECT kind, region, source FROM authorities WHERE id = ?", [new]).fetchone()
    assert tuple(row) == ("county", "North West", "ONS register")


def test_add_rating_at_a_terminal_asks_again_for_a_foreign_grade_and_a_future_date(run, connection, at_a_terminal):
    new = next_id(connection, "ratings")
    answers = ["adequate", "RI", "2027", "3 March 2025", "Ofsted report"]
    result = run("add-rating", "halton", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: 'adequate' is not a grade in ILACS; ILACS judged" in result.output
    assert "Error: published 2027 is in the future; record a rating once it is out" in result.output
    assert f"Recorded rating {new}: Halton, ILACS overall effectiveness requires improvement" in result.output
    assert last_rating(connection)["published_on"] == "2025-03-03"
    assert last_rating(connection)["source"] == "Ofsted report"
